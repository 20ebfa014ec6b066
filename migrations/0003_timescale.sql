-- Hypertables, retention and compression, each only where the server can do it. Without
-- TimescaleDB (or with only its Apache edition, as on Azure) Maintenance deletes expired
-- rows itself, so the same bounds hold in every mode.
--
-- Every capability is checked when the script runs, not when it is written: the journal
-- alone decides whether this script runs, and it must be correct wherever it runs.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RETURN;
    END IF;

    -- The pre-2.13 signature (time column by name) is used on purpose: it exists in every
    -- TimescaleDB 2.x, while by_range() needs 2.13+ and PostgreSQL 15 runs with 2.9+.
    -- The explicit ::name cast keeps the call from being read as the newer overload.
    --
    -- One-day chunks: retention and compression work on whole chunks, and a few hundred
    -- rows an hour (scan_results) or one day of slots per chunk (volume_slots) keeps the
    -- chunk count small while letting a 3-day retention keep at most one extra day.
    -- Our own indexes (0002) replace the default ones.
    PERFORM create_hypertable('scan_results'::regclass, 'time'::name,
        chunk_time_interval    => INTERVAL '1 day',
        create_default_indexes => false,
        if_not_exists          => true,
        migrate_data           => true);

    PERFORM create_hypertable('volume_slots'::regclass, 'date'::name,
        chunk_time_interval    => INTERVAL '1 day',
        create_default_indexes => false,
        if_not_exists          => true,
        migrate_data           => true);

    -- Retention and compression policies are Timescale License ("community") features:
    -- the Apache edition rejects them, so they run on the full edition only.
    IF current_setting('timescaledb.license', true) IS DISTINCT FROM 'timescale' THEN
        RETURN;
    END IF;

    PERFORM add_retention_policy('scan_results', drop_after => INTERVAL '3 days', if_not_exists => true);
    PERFORM add_retention_policy('volume_slots', drop_after => INTERVAL '14 days', if_not_exists => true);

    -- Segmenting by symbol matches how history is read (one ticker at a time). The
    -- unique key's other columns go into the order so that TimescaleDB can still check
    -- uniqueness on compressed chunks without decompressing whole segments (older
    -- versions refuse the setting otherwise). Compression settings cannot change once a
    -- chunk is compressed, hence the guard.
    IF NOT EXISTS (
        SELECT 1 FROM timescaledb_information.chunks
        WHERE hypertable_schema = current_schema()
          AND hypertable_name = 'scan_results'
          AND is_compressed) THEN
        ALTER TABLE scan_results SET (
            timescaledb.compress,
            timescaledb.compress_segmentby = 'symbol',
            timescaledb.compress_orderby   = 'time DESC, session');
    END IF;

    PERFORM add_compression_policy('scan_results', compress_after => INTERVAL '2 hours', if_not_exists => true);
END
$$;
