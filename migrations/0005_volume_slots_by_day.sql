-- volume_slots becomes one row per ticker and trading day, holding the day's 192 slots in one array,
-- instead of one row per ticker, day and slot. Every existing reading is kept.
--
-- Why: at 12,000 tickers the old layout took 2.3 M rows a day, about 160 MB a day with its indexes (a
-- 28-byte tuple header and an index entry for every 8-byte reading), so 14 days of them alone passed
-- 2 GB; retention had millions of rows to delete. Now a day is 12,000 rows of about 1.6 KB.
--
-- The array always has 192 elements, -1 where no reading was recorded (yet), so that recording a slot
-- rewrites a row of the same size: PostgreSQL can then keep the new version on the same page (a HOT
-- update, no index entry) and reclaim the old one when the page is next read, without waiting for
-- VACUUM. fillfactor = 80 keeps room on each page for that one new version (four rows a page). With
-- NULLs instead of -1 the row grew by one element per slot and every update moved it to another page:
-- a simulated day of 12,000 tickers left 1.9 GB of dead versions where this layout holds 47 MB.
--
-- On TimescaleDB the old table is a hypertable; it is dropped with its policies, and
-- storage/timescaledb.sql (which runs after the numbered scripts) turns the new table into a
-- hypertable, moving these rows into chunks, and adds the policies again.
CREATE TABLE volume_slots_by_day (
    date               date     NOT NULL,
    symbol             text     NOT NULL,
    -- Cumulative volume (shares) at the end of each 5-minute slot of the extended day, New York time:
    -- element 1 is slot 0 (04:00-04:05), element 192 is slot 191 (19:55-20:00); -1 where nothing was recorded.
    cumulative_volumes bigint[] NOT NULL,
    CONSTRAINT volume_slots_by_day_pkey PRIMARY KEY (date, symbol),
    CONSTRAINT volume_slots_one_element_per_slot CHECK (
        array_ndims(cumulative_volumes) = 1 AND array_lower(cumulative_volumes, 1) = 1 AND cardinality(cumulative_volumes) = 192),
    CONSTRAINT volume_slots_volumes_recorded_or_minus_one CHECK (
        -1 <= ALL (cumulative_volumes) AND array_position(cumulative_volumes, NULL) IS NULL)
) WITH (fillfactor = 80);

INSERT INTO volume_slots_by_day (date, symbol, cumulative_volumes)
SELECT k.date, k.symbol, array_agg(coalesce(v.cumulative_volume, -1) ORDER BY s.slot)
FROM (SELECT DISTINCT date, symbol FROM volume_slots) AS k
CROSS JOIN generate_series(0, 191) AS s(slot)
LEFT JOIN volume_slots AS v ON v.date = k.date AND v.symbol = k.symbol AND v.slot = s.slot
GROUP BY k.date, k.symbol;

DROP TABLE volume_slots;
ALTER TABLE volume_slots_by_day RENAME TO volume_slots;
ALTER TABLE volume_slots RENAME CONSTRAINT volume_slots_by_day_pkey TO volume_slots_pkey;
