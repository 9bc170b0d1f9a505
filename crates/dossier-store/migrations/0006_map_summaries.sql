-- Summaries for the map. Counting a place's mentions, articles and events
-- over the whole library (or a year of it) read every place mention and every
-- event: half a second at 10,000 articles, a minute at a million. These
-- tables hold the same counts per day, so the map reads one row per place and
-- day instead.
-- * `place_days`: mentions and distinct articles per place and publication
--   day (undated articles under day -1000000). Triggers keep it exact on every
--   write to place mentions (import, re-analysis, place corrections) and on a
--   corrected publication date. Articles are never deleted today; a path that
--   deletes one must delete its place mentions first, while the article still
--   gives their day.
-- * `event_place_days`: events per place and date range, derived like
--   `events` and rebuilt with them.

CREATE TABLE place_days (
    day      INTEGER NOT NULL,
    place_id INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (day, place_id)
) WITHOUT ROWID;

INSERT INTO place_days (day, place_id, mentions, articles)
SELECT coalesce(a.published_day, -1000000), pm.place_id, count(*), count(DISTINCT pm.article_id)
FROM place_mentions pm JOIN articles a ON a.id = pm.article_id
GROUP BY 1, 2;

CREATE TRIGGER place_days_insert AFTER INSERT ON place_mentions BEGIN
    INSERT INTO place_days (day, place_id, mentions, articles)
    VALUES (
        coalesce((SELECT published_day FROM articles WHERE id = NEW.article_id), -1000000),
        NEW.place_id,
        1,
        NOT EXISTS (SELECT 1 FROM place_mentions
                    WHERE place_id = NEW.place_id AND article_id = NEW.article_id AND id <> NEW.id)
    )
    ON CONFLICT (day, place_id) DO UPDATE SET
        mentions = mentions + 1, articles = articles + excluded.articles;
END;

CREATE TRIGGER place_days_delete AFTER DELETE ON place_mentions BEGIN
    UPDATE place_days SET
        mentions = mentions - 1,
        articles = articles - NOT EXISTS (SELECT 1 FROM place_mentions
                                          WHERE place_id = OLD.place_id AND article_id = OLD.article_id)
    WHERE day = coalesce((SELECT published_day FROM articles WHERE id = OLD.article_id), -1000000)
      AND place_id = OLD.place_id;
END;

CREATE TRIGGER place_days_move AFTER UPDATE OF place_id, article_id ON place_mentions BEGIN
    UPDATE place_days SET
        mentions = mentions - 1,
        articles = articles - NOT EXISTS (SELECT 1 FROM place_mentions
                                          WHERE place_id = OLD.place_id AND article_id = OLD.article_id)
    WHERE day = coalesce((SELECT published_day FROM articles WHERE id = OLD.article_id), -1000000)
      AND place_id = OLD.place_id;
    INSERT INTO place_days (day, place_id, mentions, articles)
    VALUES (
        coalesce((SELECT published_day FROM articles WHERE id = NEW.article_id), -1000000),
        NEW.place_id,
        1,
        NOT EXISTS (SELECT 1 FROM place_mentions
                    WHERE place_id = NEW.place_id AND article_id = NEW.article_id AND id <> NEW.id)
    )
    ON CONFLICT (day, place_id) DO UPDATE SET
        mentions = mentions + 1, articles = articles + excluded.articles;
END;

CREATE TRIGGER place_days_redate AFTER UPDATE OF published_day ON articles
WHEN OLD.published_day IS NOT NEW.published_day BEGIN
    UPDATE place_days SET
        mentions = mentions - (SELECT count(*) FROM place_mentions
                               WHERE article_id = NEW.id AND place_id = place_days.place_id),
        articles = articles - 1
    WHERE day = coalesce(OLD.published_day, -1000000)
      AND place_id IN (SELECT place_id FROM place_mentions WHERE article_id = NEW.id);
    INSERT INTO place_days (day, place_id, mentions, articles)
    SELECT coalesce(NEW.published_day, -1000000), place_id, count(*), 1
    FROM place_mentions WHERE article_id = NEW.id GROUP BY place_id
    ON CONFLICT (day, place_id) DO UPDATE SET
        mentions = mentions + excluded.mentions, articles = articles + 1;
END;

CREATE TABLE event_place_days (
    first_day INTEGER,
    last_day  INTEGER,
    place_id  INTEGER NOT NULL,
    events    INTEGER NOT NULL
);
CREATE INDEX event_place_days_by_day ON event_place_days (first_day, last_day);

INSERT INTO event_place_days (first_day, last_day, place_id, events)
SELECT first_day, last_day, place_id, count(*) FROM events WHERE place_id IS NOT NULL GROUP BY 1, 2, 3;
