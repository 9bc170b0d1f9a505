-- The timeline finds a window's events in two walks of date indexes: events
-- spanning at most 31 days from 31 days before the window (`events_by_day`),
-- and the few longer ones (a year, a season) through this partial index from
-- the longest span before it, so that one year-long event no longer makes
-- every window walk a year of events (a month at a million articles read
-- ~660,000 index entries for ~75,000 events).
CREATE INDEX events_long_by_day ON events (first_day, last_day) WHERE last_day - first_day > 31;
