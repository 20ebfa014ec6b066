-- Per-minute and per-hour rollups of scan_results, kept far longer than the raw rows
-- (30 and 180 days against 3). Both modes expose the same names and columns:
--   bucket, symbol, last_price, max_price, min_price, max_volume, avg_score, max_rvol, row_count
-- so readers never care which mode they run on.
--
-- Full TimescaleDB edition: continuous aggregates that TimescaleDB refreshes and trims
-- itself. Anything else (plain PostgreSQL, or the Apache edition, which has neither
-- continuous aggregates nor policies): ordinary tables that Maintenance upserts into
-- and trims, keyed on (bucket, symbol) so an upsert has a conflict target.
--
-- The aggregates are created WITH NO DATA because DbUp runs each script in its own
-- transaction (so a failed script leaves nothing half-applied and is not journaled),
-- and WITH DATA refuses to run inside a transaction or a DO block. The refresh policies
-- fill them in on their first run.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
       AND current_setting('timescaledb.license', true) = 'timescale' THEN

        -- materialized_only: a read returns what was refreshed, exactly like the plain
        -- tables of the other modes, and stays cheap (no union with raw rows).
        IF to_regclass('scan_results_1min') IS NULL THEN
            CREATE MATERIALIZED VIEW scan_results_1min
            WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
            SELECT time_bucket(INTERVAL '1 minute', time) AS bucket,
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
            WITH NO DATA;
        END IF;

        -- Built from the raw rows rather than from the 1-minute aggregate: an average
        -- of averages would weigh minutes instead of rows, and it keeps working on
        -- TimescaleDB versions without hierarchical aggregates (before 2.9).
        IF to_regclass('scan_results_1hour') IS NULL THEN
            CREATE MATERIALIZED VIEW scan_results_1hour
            WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
            SELECT time_bucket(INTERVAL '1 hour', time) AS bucket,
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
            WITH NO DATA;
        END IF;

        -- Refresh windows. Rows arrive in hourly batches stamped up to an hour back,
        -- so a window reaching a day (1 min) or two days (1 hour) back catches late and
        -- repeated batches; a refresh only recomputes buckets whose rows changed, so a
        -- wide window costs little. Both windows start well inside the raw 3-day
        -- retention: refreshing a range whose raw chunks were already dropped would
        -- erase those buckets from the aggregate. end_offset leaves the still-open
        -- bucket out, and each window spans far more than the two buckets TimescaleDB
        -- requires. Schedules: every 15 minutes shows a new hourly batch soon after it
        -- lands; hourly buckets close once an hour, so refreshing more often gains nothing.
        PERFORM add_continuous_aggregate_policy('scan_results_1min',
            start_offset      => INTERVAL '1 day',
            end_offset        => INTERVAL '1 minute',
            schedule_interval => INTERVAL '15 minutes',
            if_not_exists     => true);
        PERFORM add_continuous_aggregate_policy('scan_results_1hour',
            start_offset      => INTERVAL '2 days',
            end_offset        => INTERVAL '1 hour',
            schedule_interval => INTERVAL '1 hour',
            if_not_exists     => true);

        PERFORM add_retention_policy('scan_results_1min', drop_after => INTERVAL '30 days', if_not_exists => true);
        PERFORM add_retention_policy('scan_results_1hour', drop_after => INTERVAL '180 days', if_not_exists => true);
    ELSE
        -- Same column types as the aggregates produce from scan_results.
        CREATE TABLE IF NOT EXISTS scan_results_1min (
            bucket     timestamptz      NOT NULL,
            symbol     text             NOT NULL,
            last_price numeric(20,4)    NOT NULL,
            max_price  numeric(20,4)    NOT NULL,
            min_price  numeric(20,4)    NOT NULL,
            max_volume bigint           NOT NULL,
            avg_score  double precision NOT NULL,
            max_rvol   double precision NULL,
            row_count  bigint           NOT NULL,
            CONSTRAINT scan_results_1min_pkey PRIMARY KEY (bucket, symbol)
        );
        CREATE TABLE IF NOT EXISTS scan_results_1hour (
            bucket     timestamptz      NOT NULL,
            symbol     text             NOT NULL,
            last_price numeric(20,4)    NOT NULL,
            max_price  numeric(20,4)    NOT NULL,
            min_price  numeric(20,4)    NOT NULL,
            max_volume bigint           NOT NULL,
            avg_score  double precision NOT NULL,
            max_rvol   double precision NULL,
            row_count  bigint           NOT NULL,
            CONSTRAINT scan_results_1hour_pkey PRIMARY KEY (bucket, symbol)
        );
        -- The aggregates index (symbol, bucket) by themselves; the tables need it too
        -- for "history of one ticker".
        CREATE INDEX IF NOT EXISTS scan_results_1min_symbol_bucket_idx ON scan_results_1min (symbol, bucket DESC);
        CREATE INDEX IF NOT EXISTS scan_results_1hour_symbol_bucket_idx ON scan_results_1hour (symbol, bucket DESC);
    END IF;
END
$$;
