-- The first schema. Why it is shaped this way:
-- * `sources` keeps every imported unit's original bytes, content-addressed by
--   SHA-256, so nothing the user imported is lost and re-importing is a no-op.
-- * `articles` holds effective field values (what views show) plus, in `found`,
--   what the readers found; `article_corrections` holds the user's values, which
--   re-analysis never touches.
-- * Every annotation (sentences now; mentions, times, places, events later)
--   points to an article and a byte span of its text.

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT    NOT NULL UNIQUE,
    file_sha256 TEXT    NOT NULL,          -- the whole imported file (differs for archive entries, mbox messages)
    name        TEXT    NOT NULL,          -- file name, or archive.zip/inner/path
    path        TEXT,                      -- where it was imported from, if a file
    reader      TEXT    NOT NULL,          -- reader id: txt, html, pdf, eml, ...
    size        INTEGER NOT NULL,
    bytes       BLOB    NOT NULL,
    imported_at TEXT    NOT NULL
);
CREATE INDEX sources_by_file ON sources (file_sha256);

-- Whole files already imported, so that re-importing a folder skips them unread.
CREATE TABLE imported_files (
    sha256      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    imported_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles (
    id                  INTEGER PRIMARY KEY,
    source_id           INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    part                INTEGER NOT NULL DEFAULT 0,   -- index of the article within its source
    title               TEXT    NOT NULL,
    title_source        TEXT    NOT NULL,             -- text | metadata | user
    outlet              TEXT,
    outlet_source       TEXT,
    authors             TEXT    NOT NULL DEFAULT '[]',  -- JSON array of names
    authors_source      TEXT,
    published           TEXT,                          -- ISO to its precision: 2023, 2023-11, 2023-11-22
    published_precision TEXT,                          -- year | month | day | minute
    published_source    TEXT,
    published_day       INTEGER,                       -- days since 1970-01-01 of the first day, for sorting
    url                 TEXT,
    language            TEXT,
    text                TEXT    NOT NULL,
    regions             TEXT    NOT NULL DEFAULT '[]',  -- JSON [{span:{start,end},kind}]
    sentences           TEXT    NOT NULL DEFAULT '[]',  -- JSON [[start,end], ...]
    warnings            TEXT    NOT NULL DEFAULT '[]',
    found               TEXT    NOT NULL,               -- JSON of the fields as the reader found them
    story_id            INTEGER NOT NULL,
    minhash             BLOB,
    imported_at         TEXT    NOT NULL,
    UNIQUE (source_id, part)
);
CREATE INDEX articles_by_date   ON articles (published_day, id);
CREATE INDEX articles_by_outlet ON articles (outlet COLLATE NOCASE, published_day);
CREATE INDEX articles_by_story  ON articles (story_id);

CREATE TABLE article_corrections (
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field        TEXT    NOT NULL,                   -- title | outlet | authors | published
    value        TEXT    NOT NULL,                   -- JSON
    corrected_at TEXT    NOT NULL,
    PRIMARY KEY (article_id, field)
) WITHOUT ROWID;

-- Stories: near-duplicate versions of one report. The id is the id of the
-- story's first article; the size is kept here so that lists need not count.
CREATE TABLE stories (
    id   INTEGER PRIMARY KEY,
    size INTEGER NOT NULL
);

-- Lookup keys of each article's MinHash signature (one per hash function's
-- minimum): articles sharing several keys are compared to find versions of one story.
CREATE TABLE story_keys (
    key        INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
CREATE INDEX story_keys_by_article ON story_keys (article_id);

-- Articles whose search index entry is stale. Written in the same transaction as
-- the article, drained after the index commits: a crash in between only means
-- the entry is indexed again.
CREATE TABLE search_queue (
    article_id INTEGER PRIMARY KEY
);
