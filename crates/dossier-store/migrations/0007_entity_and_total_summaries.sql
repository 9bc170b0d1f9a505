-- Summaries for the map and indexes for the timeline, so that their queries
-- cost what the answer holds rather than what the library holds (issue 10:
-- at 89,600 articles the map filtered by an entity took 2 s, the whole
-- library's map 175 ms and the timeline's kind filter 174 ms, each growing
-- with the library).
-- * `place_totals`, `entity_places`, `entity_place_days`: place mentions and
--   distinct articles per place over the whole library, per entity and place,
--   and per entity, publication day and place, where "per entity" means the
--   articles that mention the entity (what the map's entity filter selects).
--   `place_totals` is kept exact by triggers on `place_mentions`, like
--   `place_days`; the per-entity two are counted in once per written
--   article (`places::count_article_places`: an article gives a row for
--   each of its entities and places, too many to upsert once per place
--   mention) and kept exact afterwards by triggers on `place_mentions` (a
--   place correction), `mentions` (a merge, a split, a re-analysis) and an
--   article's date. Undated articles count under day -1000000.
-- * `event_place_totals`, `entity_event_places`, `entity_event_place_days`:
--   events per place, per entity and place, and per entity, date range and
--   place (an entity's events are those `event_entities` links it to),
--   derived like `events` and `event_place_days`: recounted by
--   `places::refresh_event_places` when every event is rebuilt and counted
--   in or out by `places::count_event_summaries` when a few are replaced.
-- * `events_by_kind_day` and `events_by_family_day` let the timeline's kind
--   filter walk one kind's events in date order; `events_by_span` gives the
--   longest event at once, which bounds a window's first day from below.

CREATE INDEX events_by_kind_day   ON events (kind, first_day, last_day);
CREATE INDEX events_by_family_day ON events (family, first_day, last_day);
CREATE INDEX events_by_span       ON events (last_day - first_day);

CREATE TABLE place_totals (
    place_id INTEGER PRIMARY KEY,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL
);

CREATE TABLE entity_places (
    entity_id INTEGER NOT NULL,
    place_id  INTEGER NOT NULL,
    mentions  INTEGER NOT NULL,
    articles  INTEGER NOT NULL,
    PRIMARY KEY (entity_id, place_id)
) WITHOUT ROWID;

CREATE TABLE entity_place_days (
    entity_id INTEGER NOT NULL,
    day       INTEGER NOT NULL,
    place_id  INTEGER NOT NULL,
    mentions  INTEGER NOT NULL,
    articles  INTEGER NOT NULL,
    PRIMARY KEY (entity_id, day, place_id)
) WITHOUT ROWID;

INSERT INTO place_totals (place_id, mentions, articles)
SELECT place_id, count(*), count(DISTINCT article_id) FROM place_mentions GROUP BY place_id;

INSERT INTO entity_place_days (entity_id, day, place_id, mentions, articles)
SELECT me.entity_id, coalesce(a.published_day, -1000000), pm.place_id, count(*), count(DISTINCT pm.article_id)
FROM (SELECT DISTINCT article_id, entity_id FROM mentions WHERE entity_id IS NOT NULL) me
JOIN place_mentions pm ON pm.article_id = me.article_id
JOIN articles a ON a.id = me.article_id
GROUP BY 1, 2, 3;

-- Each article has one day, so summing days counts each article once.
INSERT INTO entity_places (entity_id, place_id, mentions, articles)
SELECT entity_id, place_id, sum(mentions), sum(articles) FROM entity_place_days GROUP BY 1, 2;

-- A place mention counts once for its place, and its article counts when it
-- is the article's first mention of the place. The per-entity summaries of
-- a new article are counted once its annotations are all written
-- (`places::count_article_places`, one statement instead of one per place
-- mention and entity); the triggers below keep them exact as mentions,
-- place mentions and dates change or go afterwards.
CREATE TRIGGER place_totals_insert AFTER INSERT ON place_mentions BEGIN
    INSERT INTO place_totals (place_id, mentions, articles)
    VALUES (
        NEW.place_id,
        1,
        NOT EXISTS (SELECT 1 FROM place_mentions
                    WHERE place_id = NEW.place_id AND article_id = NEW.article_id AND id <> NEW.id)
    )
    ON CONFLICT (place_id) DO UPDATE SET
        mentions = mentions + 1, articles = articles + excluded.articles;
END;

CREATE TRIGGER place_totals_delete AFTER DELETE ON place_mentions BEGIN
    UPDATE place_totals SET
        mentions = mentions - 1,
        articles = articles - NOT EXISTS (SELECT 1 FROM place_mentions
                                          WHERE place_id = OLD.place_id AND article_id = OLD.article_id)
    WHERE place_id = OLD.place_id;
    UPDATE entity_places SET
        mentions = mentions - 1,
        articles = articles - NOT EXISTS (SELECT 1 FROM place_mentions
                                          WHERE place_id = OLD.place_id AND article_id = OLD.article_id)
    WHERE place_id = OLD.place_id
      AND entity_id IN (SELECT entity_id FROM mentions
                        WHERE article_id = OLD.article_id AND entity_id IS NOT NULL);
    UPDATE entity_place_days SET
        mentions = mentions - 1,
        articles = articles - NOT EXISTS (SELECT 1 FROM place_mentions
                                          WHERE place_id = OLD.place_id AND article_id = OLD.article_id)
    WHERE day = coalesce((SELECT published_day FROM articles WHERE id = OLD.article_id), -1000000)
      AND place_id = OLD.place_id
      AND entity_id IN (SELECT entity_id FROM mentions
                        WHERE article_id = OLD.article_id AND entity_id IS NOT NULL);
END;

-- A moved place mention (a place correction) leaves its old place and joins
-- the new one: the delete and the insert above, in that order.
CREATE TRIGGER place_totals_move AFTER UPDATE OF place_id, article_id ON place_mentions
WHEN OLD.place_id IS NOT NEW.place_id OR OLD.article_id IS NOT NEW.article_id BEGIN
    UPDATE place_totals SET
        mentions = mentions - 1,
        articles = articles - NOT EXISTS (SELECT 1 FROM place_mentions
                                          WHERE place_id = OLD.place_id AND article_id = OLD.article_id)
    WHERE place_id = OLD.place_id;
    UPDATE entity_places SET
        mentions = mentions - 1,
        articles = articles - NOT EXISTS (SELECT 1 FROM place_mentions
                                          WHERE place_id = OLD.place_id AND article_id = OLD.article_id)
    WHERE place_id = OLD.place_id
      AND entity_id IN (SELECT entity_id FROM mentions
                        WHERE article_id = OLD.article_id AND entity_id IS NOT NULL);
    UPDATE entity_place_days SET
        mentions = mentions - 1,
        articles = articles - NOT EXISTS (SELECT 1 FROM place_mentions
                                          WHERE place_id = OLD.place_id AND article_id = OLD.article_id)
    WHERE day = coalesce((SELECT published_day FROM articles WHERE id = OLD.article_id), -1000000)
      AND place_id = OLD.place_id
      AND entity_id IN (SELECT entity_id FROM mentions
                        WHERE article_id = OLD.article_id AND entity_id IS NOT NULL);
    INSERT INTO place_totals (place_id, mentions, articles)
    VALUES (
        NEW.place_id,
        1,
        NOT EXISTS (SELECT 1 FROM place_mentions
                    WHERE place_id = NEW.place_id AND article_id = NEW.article_id AND id <> NEW.id)
    )
    ON CONFLICT (place_id) DO UPDATE SET
        mentions = mentions + 1, articles = articles + excluded.articles;
    INSERT INTO entity_places (entity_id, place_id, mentions, articles)
    SELECT DISTINCT m.entity_id, NEW.place_id, 1,
        NOT EXISTS (SELECT 1 FROM place_mentions
                    WHERE place_id = NEW.place_id AND article_id = NEW.article_id AND id <> NEW.id)
    FROM mentions m WHERE m.article_id = NEW.article_id AND m.entity_id IS NOT NULL
    ON CONFLICT (entity_id, place_id) DO UPDATE SET
        mentions = mentions + 1, articles = articles + excluded.articles;
    INSERT INTO entity_place_days (entity_id, day, place_id, mentions, articles)
    SELECT DISTINCT m.entity_id,
        coalesce((SELECT published_day FROM articles WHERE id = NEW.article_id), -1000000),
        NEW.place_id, 1,
        NOT EXISTS (SELECT 1 FROM place_mentions
                    WHERE place_id = NEW.place_id AND article_id = NEW.article_id AND id <> NEW.id)
    FROM mentions m WHERE m.article_id = NEW.article_id AND m.entity_id IS NOT NULL
    ON CONFLICT (entity_id, day, place_id) DO UPDATE SET
        mentions = mentions + 1, articles = articles + excluded.articles;
END;

-- An entity's last mention leaving an article takes the article's places
-- out of the entity's summaries; its first mention arriving by a move (a
-- merge, a split, an undo) brings them in. A merge moves mentions one row at
-- a time, so the article leaves the old entity with the last moved mention
-- and joins the new one with the first.
CREATE TRIGGER entity_places_mention_delete AFTER DELETE ON mentions
WHEN OLD.entity_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM mentions
                 WHERE entity_id = OLD.entity_id AND article_id = OLD.article_id)
BEGIN
    UPDATE entity_places SET
        mentions = mentions - (SELECT count(*) FROM place_mentions
                               WHERE article_id = OLD.article_id AND place_id = entity_places.place_id),
        articles = articles - 1
    WHERE entity_id = OLD.entity_id
      AND place_id IN (SELECT place_id FROM place_mentions WHERE article_id = OLD.article_id);
    UPDATE entity_place_days SET
        mentions = mentions - (SELECT count(*) FROM place_mentions
                               WHERE article_id = OLD.article_id AND place_id = entity_place_days.place_id),
        articles = articles - 1
    WHERE entity_id = OLD.entity_id
      AND day = coalesce((SELECT published_day FROM articles WHERE id = OLD.article_id), -1000000)
      AND place_id IN (SELECT place_id FROM place_mentions WHERE article_id = OLD.article_id);
END;

CREATE TRIGGER entity_places_mention_leave AFTER UPDATE OF entity_id, article_id ON mentions
WHEN OLD.entity_id IS NOT NULL
 AND (OLD.entity_id IS NOT NEW.entity_id OR OLD.article_id IS NOT NEW.article_id)
 AND NOT EXISTS (SELECT 1 FROM mentions
                 WHERE entity_id = OLD.entity_id AND article_id = OLD.article_id)
BEGIN
    UPDATE entity_places SET
        mentions = mentions - (SELECT count(*) FROM place_mentions
                               WHERE article_id = OLD.article_id AND place_id = entity_places.place_id),
        articles = articles - 1
    WHERE entity_id = OLD.entity_id
      AND place_id IN (SELECT place_id FROM place_mentions WHERE article_id = OLD.article_id);
    UPDATE entity_place_days SET
        mentions = mentions - (SELECT count(*) FROM place_mentions
                               WHERE article_id = OLD.article_id AND place_id = entity_place_days.place_id),
        articles = articles - 1
    WHERE entity_id = OLD.entity_id
      AND day = coalesce((SELECT published_day FROM articles WHERE id = OLD.article_id), -1000000)
      AND place_id IN (SELECT place_id FROM place_mentions WHERE article_id = OLD.article_id);
END;

CREATE TRIGGER entity_places_mention_join AFTER UPDATE OF entity_id, article_id ON mentions
WHEN NEW.entity_id IS NOT NULL
 AND (OLD.entity_id IS NOT NEW.entity_id OR OLD.article_id IS NOT NEW.article_id)
 AND NOT EXISTS (SELECT 1 FROM mentions
                 WHERE entity_id = NEW.entity_id AND article_id = NEW.article_id AND id <> NEW.id)
BEGIN
    INSERT INTO entity_places (entity_id, place_id, mentions, articles)
    SELECT NEW.entity_id, place_id, count(*), 1
    FROM place_mentions WHERE article_id = NEW.article_id GROUP BY place_id
    ON CONFLICT (entity_id, place_id) DO UPDATE SET
        mentions = mentions + excluded.mentions, articles = articles + 1;
    INSERT INTO entity_place_days (entity_id, day, place_id, mentions, articles)
    SELECT NEW.entity_id,
        coalesce((SELECT published_day FROM articles WHERE id = NEW.article_id), -1000000),
        place_id, count(*), 1
    FROM place_mentions WHERE article_id = NEW.article_id GROUP BY place_id
    ON CONFLICT (entity_id, day, place_id) DO UPDATE SET
        mentions = mentions + excluded.mentions, articles = articles + 1;
END;

-- A corrected publication date moves the article's rows to its new day.
CREATE TRIGGER entity_place_days_redate AFTER UPDATE OF published_day ON articles
WHEN OLD.published_day IS NOT NEW.published_day BEGIN
    UPDATE entity_place_days SET
        mentions = mentions - (SELECT count(*) FROM place_mentions
                               WHERE article_id = NEW.id AND place_id = entity_place_days.place_id),
        articles = articles - 1
    WHERE day = coalesce(OLD.published_day, -1000000)
      AND entity_id IN (SELECT entity_id FROM mentions WHERE article_id = NEW.id AND entity_id IS NOT NULL)
      AND place_id IN (SELECT place_id FROM place_mentions WHERE article_id = NEW.id);
    INSERT INTO entity_place_days (entity_id, day, place_id, mentions, articles)
    SELECT e.entity_id, coalesce(NEW.published_day, -1000000), p.place_id, p.n, 1
    FROM (SELECT DISTINCT entity_id FROM mentions WHERE article_id = NEW.id AND entity_id IS NOT NULL) e,
         (SELECT place_id, count(*) AS n FROM place_mentions WHERE article_id = NEW.id GROUP BY place_id) p
    WHERE true
    ON CONFLICT (entity_id, day, place_id) DO UPDATE SET
        mentions = mentions + excluded.mentions, articles = articles + 1;
END;

CREATE TABLE event_place_totals (
    place_id INTEGER PRIMARY KEY,
    events   INTEGER NOT NULL
);

CREATE TABLE entity_event_places (
    entity_id INTEGER NOT NULL,
    place_id  INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    PRIMARY KEY (entity_id, place_id)
) WITHOUT ROWID;

CREATE TABLE entity_event_place_days (
    entity_id INTEGER NOT NULL,
    first_day INTEGER,
    last_day  INTEGER,
    place_id  INTEGER NOT NULL,
    events    INTEGER NOT NULL
);
CREATE INDEX entity_event_place_days_by_entity
    ON entity_event_place_days (entity_id, first_day, last_day, place_id);

INSERT INTO event_place_totals (place_id, events)
SELECT place_id, count(*) FROM events WHERE place_id IS NOT NULL GROUP BY place_id;

INSERT INTO entity_event_place_days (entity_id, first_day, last_day, place_id, events)
SELECT ee.entity_id, e.first_day, e.last_day, e.place_id, count(*)
FROM (SELECT DISTINCT event_id, entity_id FROM event_entities) ee JOIN events e ON e.id = ee.event_id
WHERE e.place_id IS NOT NULL
GROUP BY 1, 2, 3, 4;

INSERT INTO entity_event_places (entity_id, place_id, events)
SELECT entity_id, place_id, sum(events) FROM entity_event_place_days GROUP BY 1, 2;
