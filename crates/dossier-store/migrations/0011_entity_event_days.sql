-- An entity's timeline at a million articles looked up every one of its
-- events (82,700 for the most named group) to learn its date: ~200 ms.
-- Each link now carries its event's days, kept by triggers whatever writes
-- the link or the event, and the entity's events in a window are one range
-- of this index.
ALTER TABLE event_entities ADD COLUMN first_day INTEGER;
ALTER TABLE event_entities ADD COLUMN last_day INTEGER;
UPDATE event_entities SET
    first_day = (SELECT first_day FROM events WHERE id = event_id),
    last_day  = (SELECT last_day  FROM events WHERE id = event_id);
CREATE INDEX event_entities_by_entity_day ON event_entities (entity_id, first_day, last_day);

CREATE TRIGGER event_entities_days_on_link AFTER INSERT ON event_entities BEGIN
    UPDATE event_entities SET
        first_day = (SELECT first_day FROM events WHERE id = new.event_id),
        last_day  = (SELECT last_day  FROM events WHERE id = new.event_id)
    WHERE event_id = new.event_id AND entity_id = new.entity_id AND role = new.role;
END;
CREATE TRIGGER event_entities_days_on_event AFTER INSERT ON events BEGIN
    UPDATE event_entities SET first_day = new.first_day, last_day = new.last_day
    WHERE event_id = new.id;
END;
CREATE TRIGGER event_entities_days_on_redate AFTER UPDATE OF first_day, last_day ON events BEGIN
    UPDATE event_entities SET first_day = new.first_day, last_day = new.last_day
    WHERE event_id = new.id;
END;
