-- How many dated events run over each (first day, last day), kept by
-- triggers on `events`: a timeline window with no other filter counts its
-- events from the few thousand rows whose first day can reach it, instead of
-- walking every event in it (a year at a million articles: ~580,000 index
-- entries, ~30 ms), and the whole library adds its undated events to their
-- sum. Undated events are in no window and not counted here; an event has
-- both days or neither (`events::write_events`, `event_decisions`).
CREATE TABLE event_day_counts (
    first_day INTEGER NOT NULL,
    last_day  INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    PRIMARY KEY (first_day, last_day)
) WITHOUT ROWID;
INSERT INTO event_day_counts (first_day, last_day, events)
    SELECT first_day, last_day, count(*) FROM events
    WHERE first_day IS NOT NULL AND last_day IS NOT NULL
    GROUP BY first_day, last_day;

CREATE TRIGGER event_day_counts_insert AFTER INSERT ON events
WHEN new.first_day IS NOT NULL AND new.last_day IS NOT NULL BEGIN
    INSERT INTO event_day_counts (first_day, last_day, events) VALUES (new.first_day, new.last_day, 1)
        ON CONFLICT (first_day, last_day) DO UPDATE SET events = events + 1;
END;
CREATE TRIGGER event_day_counts_delete AFTER DELETE ON events
WHEN old.first_day IS NOT NULL AND old.last_day IS NOT NULL BEGIN
    UPDATE event_day_counts SET events = events - 1
        WHERE first_day = old.first_day AND last_day = old.last_day;
END;
CREATE TRIGGER event_day_counts_redate_out AFTER UPDATE OF first_day, last_day ON events
WHEN old.first_day IS NOT NULL AND old.last_day IS NOT NULL BEGIN
    UPDATE event_day_counts SET events = events - 1
        WHERE first_day = old.first_day AND last_day = old.last_day;
END;
CREATE TRIGGER event_day_counts_redate_in AFTER UPDATE OF first_day, last_day ON events
WHEN new.first_day IS NOT NULL AND new.last_day IS NOT NULL BEGIN
    INSERT INTO event_day_counts (first_day, last_day, events) VALUES (new.first_day, new.last_day, 1)
        ON CONFLICT (first_day, last_day) DO UPDATE SET events = events + 1;
END;
