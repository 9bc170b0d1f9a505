-- What finds the stored events a new event mention could join, so that an
-- import merges its mentions with the events near them instead of rebuilding
-- every event (dossier_analysis::events::MergeKeys): one row per mention and
-- block name. Days are counted from the Common Era, as merging counts them.
CREATE TABLE event_mention_keys (
    mention_id INTEGER NOT NULL,
    family     TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    wide       INTEGER NOT NULL,            -- 1: a range filed by year
    first_day  INTEGER,                     -- NULL: undated
    last_day   INTEGER
);
CREATE INDEX event_mention_keys_lookup     ON event_mention_keys (family, name, wide, first_day);
CREATE INDEX event_mention_keys_by_mention ON event_mention_keys (mention_id);

CREATE TRIGGER event_mention_keys_follow_mentions AFTER DELETE ON event_mentions BEGIN
    DELETE FROM event_mention_keys WHERE mention_id = old.id;
END;

-- Existing libraries have no keys yet: every mention waits for a merge, which
-- runs in full when the library is next opened and writes them.
UPDATE event_mentions SET event_id = NULL;
