-- Entities, their mentions, and temporal expressions. Why it is shaped this way:
-- * A mention is an article and a byte span (provenance); what the tagger said
--   about it is re-derivable, so re-analysis deletes and rewrites mentions.
-- * Entities are never rebuilt from scratch: re-analysis links new mentions to
--   the existing entities through `entity_aliases`, so an entity keeps its id,
--   its user-given name and type, and every merge the user made (a merge moves
--   the aliases).
-- * What the user decided lives in rows re-analysis never deletes: user aliases,
--   `entity_kills`, `entity_apart`, `mention_overrides`, the `*_source = 'user'`
--   columns.

CREATE TABLE entities (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: undo restores deleted ids
    name          TEXT    NOT NULL,
    name_source   TEXT    NOT NULL DEFAULT 'text',   -- text | user
    kind          TEXT    NOT NULL,                  -- PER | ORG | LOC | MISC
    kind_source   TEXT    NOT NULL DEFAULT 'text',   -- text | user
    mention_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0,
    first_day     INTEGER,                           -- publication day of the earliest article mentioning it
    last_day      INTEGER,
    created_at    TEXT    NOT NULL
);
CREATE INDEX entities_by_count ON entities (mention_count DESC, id);
CREATE INDEX entities_by_kind  ON entities (kind, mention_count DESC, id);
CREATE INDEX entities_by_name  ON entities (name COLLATE NOCASE);

-- Every key (see dossier_analysis::link::key) an entity is known by.
-- strength: user (the user added it; wins), name (the name was written so and
-- linked), derived (a surname of a full name; used only when nothing stronger is).
CREATE TABLE entity_aliases (
    key       TEXT    NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT    NOT NULL,
    strength  TEXT    NOT NULL,
    PRIMARY KEY (key, entity_id)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_by_entity ON entity_aliases (entity_id);

-- Names the user deleted: never linked or suggested again.
CREATE TABLE entity_kills (
    key       TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    killed_at TEXT NOT NULL
) WITHOUT ROWID;

-- Entities the user split apart: never merged again automatically (a < b).
CREATE TABLE entity_apart (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;

-- Mentions the user moved to another entity (a split), by span, so that the
-- choice survives re-analysis.
CREATE TABLE mention_overrides (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, start, end)
) WITHOUT ROWID;

CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    label      TEXT    NOT NULL,          -- what the tagger said
    key        TEXT    NOT NULL,
    entity_id  INTEGER REFERENCES entities(id) ON DELETE SET NULL   -- NULL: a killed name
);
CREATE INDEX mentions_by_article ON mentions (article_id, start);
CREATE INDEX mentions_by_entity  ON mentions (entity_id, article_id);

-- Temporal expressions with their TIMEX3 value, resolved against the article's
-- publication date (rewritten when the user corrects that date). first_day and
-- last_day are the calendar days a date value covers, for "articles that talk
-- about this week".
CREATE TABLE timexes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    kind       TEXT    NOT NULL,          -- DATE | TIME | DURATION | SET
    value      TEXT    NOT NULL,
    first_day  INTEGER,
    last_day   INTEGER
);
CREATE INDEX timexes_by_article ON timexes (article_id, start);
CREATE INDEX timexes_by_day     ON timexes (first_day, last_day, article_id);

-- Curation operations, newest last, with the rows they changed as they were
-- before (JSON), so that the last operations can be undone.
CREATE TABLE curation_log (
    id     INTEGER PRIMARY KEY,
    op     TEXT NOT NULL,
    before TEXT NOT NULL,
    at     TEXT NOT NULL
);

-- Which analysis an article's annotations come from; older ones are re-analysed.
ALTER TABLE articles ADD COLUMN analysis_version INTEGER NOT NULL DEFAULT 0;
