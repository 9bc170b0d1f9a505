-- The user's decisions about events: merges, splits, edits and events added by
-- hand. `events` is rebuilt from the mentions after every import; these rows
-- are re-applied each time, so the decisions survive re-analysis. Mentions are
-- named by a key that does not depend on row ids: "article:start:end" of the
-- trigger; an event added by hand is "manual:<decision id>".
CREATE TABLE event_decisions (
    id      INTEGER PRIMARY KEY,
    op      TEXT NOT NULL,          -- merge | split | edit | add
    payload TEXT NOT NULL,          -- JSON
    at      TEXT NOT NULL
);

ALTER TABLE events ADD COLUMN anchor TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN user_fields TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN manual_articles TEXT;   -- JSON [article id], for events added by hand
CREATE INDEX events_by_anchor ON events (anchor);
