-- TimescaleDB where the server offers it, plain PostgreSQL where it does not: the later
-- scripts look at what is installed and use the best mechanism the server has.
--
-- CREATE EXTENSION timescaledb fails unless the library is also preloaded, so both the
-- package (pg_available_extensions) and the preload (shared_preload_libraries) must be
-- there. Reading shared_preload_libraries needs superuser or pg_read_all_settings; a role
-- with neither is treated as "not preloaded", so the migration still succeeds and the
-- database runs in plain PostgreSQL mode instead of failing to start.
DO $$
DECLARE
    preloaded boolean := false;
BEGIN
    BEGIN
        preloaded := position('timescaledb' IN coalesce(current_setting('shared_preload_libraries', true), '')) > 0;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot read shared_preload_libraries; continuing without TimescaleDB';
    END;

    IF preloaded AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
    END IF;
END
$$;
