-- An entity's type is the one the tagger gives most of its mentions, counted
-- again whenever new mentions vote for another type. With this index the
-- count reads the index alone instead of every mention row of the entity,
-- which for a name in a third of a million articles was most of an import
-- batch's time.
CREATE INDEX mentions_by_entity_label ON mentions (entity_id, label);
