-- volume_slots becomes one row per ticker and trading day, holding the day's 192 slots in one array,
-- instead of one row per ticker, day and slot. Every existing reading is kept.
--
-- Why: at 12,000 tickers the old layout took 2.3 M rows a day, about 160 MB a day with its indexes (a
-- 24-byte tuple header and an index entry for every 8-byte reading), so 14 days of it alone passed
-- 2 GB, and retention had millions of rows to delete. Now a finished day is 12,000 rows of about
-- 1.6 KB, written once: about 20 MB a day.
--
-- The day being recorded lives in volume_slots_today, whose rows are rewritten at every 5-minute
-- reading; Maintenance moves a day into volume_slots, compactly and in one statement, at the next
-- day's first reading. Kept apart because a row rewritten 192 times a day leaves dead versions
-- behind whenever PostgreSQL cannot reclaim them at once (while any other transaction, an ANALYZE
-- or a pg_dump, holds an older snapshot): in one table those versions scattered each finished day
-- over one page per row (about 100 MB a day at 12,000 tickers instead of 20). Here the scattering
-- stays inside a table of one day, which is emptied and vacuumed every day.
--
-- Arrays always hold 192 elements, -1 where nothing was recorded, so recording a slot rewrites a row of
-- the same size: PostgreSQL can then keep the new version on the same page (a HOT update, no index
-- entry) and reclaim the old one when the page is next read. One statement records every ticker, so
-- the rows sharing a page are rewritten together, before any of their old versions can be reclaimed:
-- fillfactor = 50 on volume_slots_today leaves two rows a page and room for both new versions (about
-- 50 MB for 12,000 tickers when no row moves; the finished days in volume_slots are packed full).
-- Measured over a day of 192 slots x 12,000 tickers, nothing else running: NULLs instead of -1 (the
-- row grows by one element per slot and moves page at every update) left 1.9 GB; -1 with fillfactor
-- 80 (four rows a page, room for one version) 94 MB; with 75, 47 MB. In the db-week benchmark, where
-- a reading comes every fraction of a second instead of every 5 minutes, about 1 % of the updates
-- still found no room, and the table ended its days at 48 to 223 MB, with either fillfactor.
--
-- On TimescaleDB the old table is a hypertable; it is dropped with its policies, and
-- storage/timescaledb.sql (which runs after the numbered scripts) turns the new volume_slots into a
-- hypertable, moving these rows into chunks, and adds the policies again. volume_slots_today stays
-- an ordinary table in every mode.
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
);

INSERT INTO volume_slots_by_day (date, symbol, cumulative_volumes)
SELECT k.date, k.symbol, array_agg(coalesce(v.cumulative_volume, -1) ORDER BY s.slot)
FROM (SELECT DISTINCT date, symbol FROM volume_slots) AS k
CROSS JOIN generate_series(0, 191) AS s(slot)
LEFT JOIN volume_slots AS v ON v.date = k.date AND v.symbol = k.symbol AND v.slot = s.slot
GROUP BY k.date, k.symbol;

DROP TABLE volume_slots;
ALTER TABLE volume_slots_by_day RENAME TO volume_slots;
ALTER TABLE volume_slots RENAME CONSTRAINT volume_slots_by_day_pkey TO volume_slots_pkey;

-- The day being recorded (and, until the next day's first reading, the day before), same columns.
CREATE TABLE volume_slots_today (LIKE volume_slots INCLUDING ALL) WITH (fillfactor = 50);
