//! Versioned migrations. Each is one `.sql` file in `migrations/`, applied in a
//! transaction and recorded in `PRAGMA user_version`; opening an older library
//! upgrades it, opening a newer one is refused.

use std::path::Path;

use rusqlite::Connection;

use crate::{Result, StoreError};

/// Every migration, in order; the schema version is the number applied.
pub(crate) const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_library",
        include_str!("../migrations/0001_library.sql"),
    ),
    (
        "0002_entities_and_time",
        include_str!("../migrations/0002_entities_and_time.sql"),
    ),
    (
        "0003_places_and_events",
        include_str!("../migrations/0003_places_and_events.sql"),
    ),
    (
        "0004_event_decisions",
        include_str!("../migrations/0004_event_decisions.sql"),
    ),
    (
        "0005_mentions_by_entity_label",
        include_str!("../migrations/0005_mentions_by_entity_label.sql"),
    ),
    (
        "0006_map_summaries",
        include_str!("../migrations/0006_map_summaries.sql"),
    ),
    (
        "0007_entity_and_total_summaries",
        include_str!("../migrations/0007_entity_and_total_summaries.sql"),
    ),
    (
        "0008_event_merge_keys",
        include_str!("../migrations/0008_event_merge_keys.sql"),
    ),
    (
        "0009_story_postings",
        include_str!("../migrations/0009_story_postings.sql"),
    ),
    (
        "0010_long_events_by_day",
        include_str!("../migrations/0010_long_events_by_day.sql"),
    ),
    (
        "0011_entity_event_days",
        include_str!("../migrations/0011_entity_event_days.sql"),
    ),
    (
        "0012_event_day_counts",
        include_str!("../migrations/0012_event_day_counts.sql"),
    ),
    (
        "0013_place_doubts",
        include_str!("../migrations/0013_place_doubts.sql"),
    ),
];

/// The schema version this build writes.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Brings the database up to the current schema version.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > current_version() {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            supported: current_version(),
        });
    }
    for (version, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_to_an_empty_database_and_are_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let v: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, current_version());
        let n: i64 = conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn a_newer_library_is_refused_with_a_clear_message() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", current_version() + 5)
            .unwrap();
        let err = migrate(&mut conn, Path::new("/tmp/lib.sqlite")).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("/tmp/lib.sqlite") && msg.contains("update Dossier"),
            "{msg}"
        );
    }
}
