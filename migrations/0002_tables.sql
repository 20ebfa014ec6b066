-- The three tables every mode has. Hypertable conversion (storage/timescaledb.sql) happens afterwards, in
-- place, so these definitions are the same on plain PostgreSQL and on TimescaleDB.

-- Top rankings persisted by Maintenance every hour. The unique key makes a repeated
-- batch harmless (the writer uses ON CONFLICT DO NOTHING) and starts with the time
-- column, which TimescaleDB requires of every unique index on a hypertable.
CREATE TABLE IF NOT EXISTS scan_results (
    time            timestamptz      NOT NULL,
    session         text             NOT NULL,
    symbol          text             NOT NULL,
    rank            integer          NOT NULL,
    score           double precision NOT NULL,
    price           numeric(20,4)    NOT NULL,
    -- Unknown when the scanner cannot compute them (no previous close, no opening print yet).
    change_percent  double precision NULL,
    gap_percent     double precision NULL,
    volume          bigint           NOT NULL,
    -- No baseline yet for a newly listed ticker, so relative volume can be unknown.
    rvol            double precision NULL,
    categories      text[]           NOT NULL DEFAULT '{}',
    CONSTRAINT scan_results_time_session_symbol_key UNIQUE (time, session, symbol)
);

-- "History of one ticker" and "everything in a time range" are the two ways it is read.
CREATE INDEX IF NOT EXISTS scan_results_symbol_time_idx ON scan_results (symbol, time DESC);
CREATE INDEX IF NOT EXISTS scan_results_time_idx ON scan_results (time DESC);

-- Cumulative volume per ticker per five-minute slot of the extended day (slot 0 is
-- 04:00-04:05 New York time, slot 191 is 19:55-20:00); RVOL baselines are built from it.
CREATE TABLE IF NOT EXISTS volume_slots (
    date              date     NOT NULL,
    symbol            text     NOT NULL,
    slot              smallint NOT NULL,
    cumulative_volume bigint   NOT NULL,
    CONSTRAINT volume_slots_pkey PRIMARY KEY (date, symbol, slot),
    CONSTRAINT volume_slots_slot_range CHECK (slot BETWEEN 0 AND 191),
    CONSTRAINT volume_slots_volume_not_negative CHECK (cumulative_volume >= 0)
);

-- Baselines read the last N days of one ticker.
CREATE INDEX IF NOT EXISTS volume_slots_symbol_date_idx ON volume_slots (symbol, date DESC);

-- Reference data synced daily. Providers leave fields out for some tickers, so
-- everything but the symbol may be unknown.
CREATE TABLE IF NOT EXISTS ticker_metadata (
    symbol             text          NOT NULL,
    name               text          NULL,
    exchange           text          NULL,
    sector             text          NULL,
    market_cap         numeric(20,4) NULL,
    float_shares       bigint        NULL,
    shares_outstanding bigint        NULL,
    avg_volume         bigint        NULL,
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT ticker_metadata_pkey PRIMARY KEY (symbol)
);
