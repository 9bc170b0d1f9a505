-- Places and events. Why it is shaped this way:
-- * A place mention is an article span resolved to a gazetteer entry; `places`
--   holds one row per entry (or user pin) that some article mentions, so the
--   map aggregates by place id.
-- * The user's choice for a name (another entry, or a pin) lives in
--   `place_corrections`, which re-analysis never touches and every write
--   consults: the choice applies to past and future articles.
-- * Event mentions keep the extractor's full record (JSON) with provenance
--   spans; `events` is derived from them by cross-article merging and is
--   rebuilt whenever mentions change, so it is never the only copy of anything.

CREATE TABLE places (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    entry         INTEGER UNIQUE,          -- gazetteer entry id; NULL for a user's pin
    name          TEXT    NOT NULL,
    country       TEXT    NOT NULL,
    kind          TEXT    NOT NULL,        -- city | admin1 | admin2 | country | landmark | region | pin
    lat           REAL    NOT NULL,
    lon           REAL    NOT NULL
);

CREATE TABLE place_mentions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    surface    TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    place_id   INTEGER NOT NULL REFERENCES places(id),
    confidence REAL    NOT NULL
);
CREATE INDEX place_mentions_by_place   ON place_mentions (place_id, article_id);
CREATE INDEX place_mentions_by_article ON place_mentions (article_id, start);
CREATE INDEX place_mentions_by_key     ON place_mentions (key);

CREATE TABLE place_corrections (
    key          TEXT PRIMARY KEY,          -- dossier_analysis::link::key of the name
    place_id     INTEGER NOT NULL REFERENCES places(id),
    corrected_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE event_mentions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    record     TEXT    NOT NULL,            -- JSON dossier_analysis::events::MentionRecord
    event_id   INTEGER
);
CREATE INDEX event_mentions_by_article ON event_mentions (article_id);
CREATE INDEX event_mentions_by_event   ON event_mentions (event_id);

CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT    NOT NULL,
    family             TEXT    NOT NULL,
    date               TEXT,
    precision          TEXT    NOT NULL,
    first_day          INTEGER,
    last_day           INTEGER,
    place_id           INTEGER,
    place_name         TEXT,
    lat                REAL,
    lon                REAL,
    actors             TEXT    NOT NULL,    -- JSON [name]
    killed             INTEGER,
    injured            INTEGER,
    source_count       INTEGER NOT NULL,
    mention_count      INTEGER NOT NULL,
    disagreements      TEXT    NOT NULL,    -- JSON
    summary            TEXT    NOT NULL
);
CREATE INDEX events_by_day   ON events (first_day, last_day);
CREATE INDEX events_by_place ON events (place_id);

-- The entities that act in or are targeted by an event (for the entity filter).
CREATE TABLE event_entities (
    event_id  INTEGER NOT NULL,
    entity_id INTEGER NOT NULL,
    role      TEXT    NOT NULL,
    PRIMARY KEY (event_id, entity_id, role)
) WITHOUT ROWID;
CREATE INDEX event_entities_by_entity ON event_entities (entity_id);
