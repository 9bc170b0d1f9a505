-- Place mentions the resolver is unsure of (confidence below
-- `geo::DOUBTFUL_BELOW`), held for the user to confirm instead of being stored
-- in `place_mentions`: the map, its summaries and the events never draw a
-- guess. The user's choice for the name (`place_corrections`) moves a name's
-- doubts into `place_mentions`, and every later mention so written goes
-- there directly. Re-analysis rewrites an article's doubts with its other
-- annotations; libraries analysed before this table re-analyse once
-- (ANALYSIS_VERSION 3), which moves their doubtful mentions here.
--
-- `place_dismissals` holds the names the user says are not places ("Franklin"
-- the person): their mentions are neither drawn nor held, now or in future
-- imports, until the user places the name again.
CREATE TABLE place_doubts (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    surface    TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    entry      INTEGER NOT NULL,           -- the resolver's best guess, a gazetteer entry
    confidence REAL    NOT NULL
);
-- Covering the list of doubts (`Store::place_doubts`: per name, its count,
-- its articles and its most confident mention), which is then one index scan:
-- 0.5 s for a million held mentions under 20,000 names, against 2.1 s when
-- each mention is read from the table.
CREATE INDEX place_doubts_by_key     ON place_doubts (key, confidence, article_id, surface, entry, start, end);
CREATE INDEX place_doubts_by_article ON place_doubts (article_id, start);

CREATE TABLE place_dismissals (
    key          TEXT PRIMARY KEY,          -- dossier_analysis::link::key of the name
    dismissed_at TEXT NOT NULL
) WITHOUT ROWID;
