-- The storage objects of every mode, made from what the server offers at the time this runs.
--
-- Not a numbered script: Maintenance runs it at the end of every migrate, after the numbered
-- scripts, under the same advisory lock and in one transaction. TimescaleDB can arrive after the
-- numbered scripts were journaled (an administrator's CREATE EXTENSION on a managed server, a
-- library preloaded later, a license changed to the full edition), and a journaled script never
-- runs again; so every step here looks at what exists and does only what is missing. A database
-- first migrated on plain PostgreSQL is upgraded in place: its tables become hypertables with
-- every row, its plain rollup tables become continuous aggregates holding their rows, and the
-- policies are added. Run again, it changes nothing.
--
-- Each change is reported as a NOTICE starting with 'tradeul: ', which migrate logs and returns.
DO $$
DECLARE
    licensed boolean;
    moved bigint;
    materialization text;
    first_start timestamptz := now();
    raw record;
    rollup record;
    bound record;
    compressed record;
BEGIN
    -- 1. The extension, where the server offers it: its loader is preloaded (CREATE EXTENSION fails
    -- otherwise) and the package is installed. timescaledb.max_background_workers is the loader's
    -- own setting, so it exists exactly when the loader is preloaded, and reading it needs no
    -- privilege (shared_preload_libraries needs superuser or pg_read_all_settings).
    IF current_setting('timescaledb.max_background_workers', true) IS NOT NULL
       AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
       AND NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        BEGIN
            CREATE EXTENSION timescaledb;
            RAISE NOTICE 'tradeul: created extension timescaledb %', (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb');
        EXCEPTION WHEN insufficient_privilege THEN
            -- A managed server's administrator creates it; until then the tables stay plain and
            -- Maintenance bounds them, instead of the service failing to start.
            RAISE NOTICE 'tradeul: TimescaleDB is offered but this role may not create the extension (%); the tables stay plain', SQLERRM;
        END;
    END IF;

    licensed := EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
                AND current_setting('timescaledb.license', true) = 'timescale';

    -- 2. Without the full edition the rollups are ordinary tables that Maintenance upserts into
    -- and trims, keyed on (bucket, symbol) so an upsert has a conflict target. Readers see the same
    -- names and columns in every mode:
    --   bucket, symbol, last_price, max_price, min_price, max_volume, avg_score, max_rvol, row_count
    IF NOT licensed THEN
        FOR rollup IN SELECT * FROM (VALUES ('scan_results_1min'), ('scan_results_1hour')) AS t(name) LOOP
            -- An aggregate left from a full-edition past (a view) stays as it is; Maintenance refreshes it.
            CONTINUE WHEN EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass(rollup.name) AND relkind <> 'r');
            EXECUTE format(
                $table$
                CREATE TABLE IF NOT EXISTS %I (
                    bucket     timestamptz      NOT NULL,
                    symbol     text             NOT NULL,
                    last_price numeric(20,4)    NOT NULL,
                    max_price  numeric(20,4)    NOT NULL,
                    min_price  numeric(20,4)    NOT NULL,
                    max_volume bigint           NOT NULL,
                    avg_score  double precision NOT NULL,
                    max_rvol   double precision NULL,
                    row_count  bigint           NOT NULL,
                    CONSTRAINT %I PRIMARY KEY (bucket, symbol)
                )
                $table$, rollup.name, rollup.name || '_pkey');
            -- The aggregates index (symbol, bucket) by themselves; the tables need it too for
            -- "history of one ticker".
            EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I (symbol, bucket DESC)', rollup.name || '_symbol_bucket_idx', rollup.name);
        END LOOP;
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RETURN;
    END IF;

    -- 3. Hypertables (both editions). migrate_data moves the rows a plain-migrated table already
    -- has into chunks, in this transaction. The pre-2.13 signature (time column by name) exists in
    -- every TimescaleDB 2.x, while by_range() needs 2.13+; the ::name cast keeps the call from being
    -- read as the newer overload. One-day chunks: retention and compression work on whole chunks, and
    -- a few hundred rows an hour (scan_results) or one day of slots (volume_slots) per chunk keeps
    -- the chunk count small while a 3-day retention keeps at most one extra day. Our own indexes
    -- (0002) replace the default ones.
    FOR raw IN SELECT * FROM (VALUES ('scan_results', 'time'), ('volume_slots', 'date')) AS t(name, time_column) LOOP
        IF NOT EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                       WHERE hypertable_schema = current_schema() AND hypertable_name = raw.name) THEN
            EXECUTE format('SELECT count(*) FROM %I', raw.name) INTO moved;
            PERFORM create_hypertable(raw.name::regclass, raw.time_column::name,
                chunk_time_interval    => INTERVAL '1 day',
                create_default_indexes => false,
                if_not_exists          => true,
                migrate_data           => true);
            RAISE NOTICE 'tradeul: % became a hypertable (% rows moved into chunks)', raw.name, moved;
        END IF;
    END LOOP;

    -- Compression, continuous aggregates and policies are Timescale License ("community")
    -- features: the Apache edition rejects them, and Maintenance does their work there.
    IF NOT licensed THEN
        RETURN;
    END IF;

    -- 4. Compression. scan_results holds a few thousand rows a day (the top rows of each hourly
    -- persistence), a few per symbol: segmented by symbol, each compressed batch held one to a few
    -- rows and a chunk compressed to twice its size. Unsegmented and ordered by symbol, a day's chunk
    -- is a few batches of up to 1,000 rows, and a symbol's history still reads only the batches whose
    -- symbol range holds it (TimescaleDB keeps min/max of the first order column per batch). The unique
    -- key's columns are all in the order, so uniqueness is still checked on compressed chunks. An
    -- earlier segment-by-symbol setting is replaced; chunks compressed under it keep it until they go.
    --
    -- volume_slots holds one row per symbol and day: unsegmented too, ordered by symbol, a day's
    -- chunk of 12,000 rows compresses to about 45 % of its size (db-week: 115 MB of six days to 52 MB;
    -- scan_results' chunks to a third, 968 kB to 336 kB).
    FOR compressed IN SELECT * FROM (VALUES ('scan_results', 'symbol, time DESC, session'), ('volume_slots', 'symbol')) AS t(name, orderby) LOOP
        IF NOT (SELECT compression_enabled FROM timescaledb_information.hypertables
                WHERE hypertable_schema = current_schema() AND hypertable_name = compressed.name) THEN
            EXECUTE format('ALTER TABLE %I SET (timescaledb.compress, timescaledb.compress_segmentby = %L, timescaledb.compress_orderby = %L)',
                compressed.name, '', compressed.orderby);
            RAISE NOTICE 'tradeul: % compression enabled (ordered by %)', compressed.name, compressed.orderby;
        ELSIF EXISTS (SELECT 1 FROM timescaledb_information.compression_settings
                      WHERE hypertable_schema = current_schema() AND hypertable_name = compressed.name AND segmentby_column_index IS NOT NULL) THEN
            BEGIN
                EXECUTE format('ALTER TABLE %I SET (timescaledb.compress_segmentby = %L, timescaledb.compress_orderby = %L)',
                    compressed.name, '', compressed.orderby);
                RAISE NOTICE 'tradeul: % compression no longer segmented (ordered by %)', compressed.name, compressed.orderby;
            EXCEPTION WHEN feature_not_supported OR object_not_in_prerequisite_state THEN
                -- Versions before per-chunk settings refuse the change while compressed chunks exist.
                RAISE NOTICE 'tradeul: % compression stays segmented: %', compressed.name, SQLERRM;
            END;
        END IF;
    END LOOP;

    -- 5. The rollups as continuous aggregates. materialized_only: a read returns what was
    -- refreshed, exactly like the plain tables of the other modes, and stays cheap. The hourly one
    -- is built from the raw rows rather than from the 1-minute aggregate: an average of averages
    -- would weigh minutes instead of rows. WITH NO DATA because this runs in a transaction, where
    -- WITH DATA is refused; the refresh policies fill them.
    --
    -- A plain rollup table left by an earlier mode holds up to 30 or 180 days of buckets, far more
    -- than the 3 days of raw rows an aggregate could recompute them from. Its rows are copied into
    -- the new aggregate's materialization hypertable (where a refresh writes), so none is lost;
    -- refreshes then recompute only their own window, from the raw rows that are still there.
    FOR rollup IN SELECT * FROM (VALUES ('scan_results_1min', INTERVAL '1 minute'), ('scan_results_1hour', INTERVAL '1 hour')) AS t(name, width) LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM timescaledb_information.continuous_aggregates
                              WHERE view_schema = current_schema() AND view_name = rollup.name);
        IF to_regclass(rollup.name) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %I RENAME TO %I', rollup.name, rollup.name || '_before_upgrade');
        END IF;
        EXECUTE format(
            $view$
            CREATE MATERIALIZED VIEW %I
            WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
            SELECT time_bucket(%L::interval, time) AS bucket,
                   symbol,
                   last(price, time) AS last_price,
                   max(price)        AS max_price,
                   min(price)        AS min_price,
                   max(volume)       AS max_volume,
                   avg(score)        AS avg_score,
                   max(rvol)         AS max_rvol,
                   count(*)          AS row_count
            FROM scan_results
            GROUP BY bucket, symbol
            WITH NO DATA
            $view$, rollup.name, rollup.width);
        IF to_regclass(rollup.name || '_before_upgrade') IS NULL THEN
            RAISE NOTICE 'tradeul: % created as a continuous aggregate', rollup.name;
            CONTINUE;
        END IF;
        SELECT format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name) INTO materialization
        FROM timescaledb_information.continuous_aggregates
        WHERE view_schema = current_schema() AND view_name = rollup.name;
        EXECUTE format(
            'INSERT INTO %s (bucket, symbol, last_price, max_price, min_price, max_volume, avg_score, max_rvol, row_count) '
            'SELECT bucket, symbol, last_price, max_price, min_price, max_volume, avg_score, max_rvol, row_count FROM %I',
            materialization, rollup.name || '_before_upgrade');
        GET DIAGNOSTICS moved = ROW_COUNT;
        EXECUTE format('DROP TABLE %I', rollup.name || '_before_upgrade');
        RAISE NOTICE 'tradeul: % became a continuous aggregate (% rows kept)', rollup.name, moved;
    END LOOP;

    -- 6. Policies, each only where none exists yet. First starts are staggered a minute apart:
    -- created with an immediate first start, eight jobs start at the same instant and can exhaust
    -- the server's background workers ("failed to start a background worker"). A first start fixes
    -- the schedule (fixed_schedule), so they stay apart.
    --
    -- Refresh windows: rows arrive in hourly batches, so a window reaching a day (1 min) or two days
    -- (1 hour) back catches late and repeated batches; a refresh recomputes only buckets whose rows
    -- changed. Both windows start well inside the raw 3-day retention: refreshing a range whose raw
    -- chunks were already dropped would erase those buckets. end_offset leaves the still-open bucket
    -- out. Every 15 minutes shows a new batch soon after it lands; hourly buckets close once an hour.
    FOR bound IN SELECT * FROM (VALUES
        ('policy_retention', 'scan_results', INTERVAL '3 days', NULL::interval, NULL::interval, NULL::interval),
        ('policy_retention', 'volume_slots', INTERVAL '14 days', NULL, NULL, NULL),
        ('policy_compression', 'scan_results', INTERVAL '2 hours', NULL, NULL, NULL),
        -- A day's chunk is written until 20:00 New York time; '1 day' compresses it the day after.
        ('policy_compression', 'volume_slots', INTERVAL '1 day', NULL, NULL, NULL),
        ('policy_refresh_continuous_aggregate', 'scan_results_1min', NULL, INTERVAL '1 day', INTERVAL '1 minute', INTERVAL '15 minutes'),
        ('policy_refresh_continuous_aggregate', 'scan_results_1hour', NULL, INTERVAL '2 days', INTERVAL '1 hour', INTERVAL '1 hour'),
        ('policy_retention', 'scan_results_1min', INTERVAL '30 days', NULL, NULL, NULL),
        ('policy_retention', 'scan_results_1hour', INTERVAL '180 days', NULL, NULL, NULL))
        AS t(proc, relation, after, start_offset, end_offset, schedule) LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM timescaledb_information.jobs
                              WHERE proc_name = bound.proc AND hypertable_schema = current_schema() AND hypertable_name = bound.relation);
        first_start := first_start + INTERVAL '1 minute';
        CASE bound.proc
            WHEN 'policy_retention' THEN
                PERFORM add_retention_policy(bound.relation::regclass, drop_after => bound.after, initial_start => first_start);
            WHEN 'policy_compression' THEN
                PERFORM add_compression_policy(bound.relation::regclass, compress_after => bound.after, initial_start => first_start);
            ELSE
                PERFORM add_continuous_aggregate_policy(bound.relation::regclass,
                    start_offset => bound.start_offset, end_offset => bound.end_offset,
                    schedule_interval => bound.schedule, initial_start => first_start);
        END CASE;
        RAISE NOTICE 'tradeul: % on % added, first run at %', bound.proc, bound.relation, first_start;
    END LOOP;
END
$$;
