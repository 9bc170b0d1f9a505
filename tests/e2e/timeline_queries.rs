//! The timeline's pages are what one plain query over every event gives,
//! whichever way `Store::timeline` finds them (an entity's events, a window
//! in two walks of date indexes, the whole library): checked on a generated
//! corpus with day-, week-, month- and year-long events, over windows,
//! entities, kinds, places and pages.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use dossier_api::plan_import;
use dossier_api::types::{EventCuration, GeoQuery, TimelineQuery};
use dossier_e2e::new_library;

/// The ids the timeline should list: every matching event ordered by day
/// (undated last), then id, by one query with no index tricks.
fn reference(path: &Path, query: &TimelineQuery) -> Vec<i64> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let day = |date: &str| -> i64 {
        conn.query_row(
            "SELECT CAST(julianday(?1) - 2440587.5 AS INTEGER)",
            [date],
            |r| r.get(0),
        )
        .unwrap()
    };
    let mut clauses = vec!["1".to_string()];
    if let Some(from) = &query.geo.from {
        clauses.push(format!("last_day >= {}", day(from)));
    }
    if let Some(to) = &query.geo.to {
        clauses.push(format!("first_day <= {}", day(to)));
    }
    if let Some(entity) = query.geo.entity_id {
        clauses.push(format!(
            "id IN (SELECT event_id FROM event_entities WHERE entity_id = {entity})"
        ));
    }
    if let Some(kind) = &query.kind {
        clauses.push(format!("(kind = '{kind}' OR family = '{kind}')"));
    }
    if let Some(place) = query.place_id {
        clauses.push(format!("place_id = {place}"));
    }
    let sql = format!(
        "SELECT id FROM events WHERE {} ORDER BY first_day IS NULL, first_day, id",
        clauses.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let ids = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<i64>, _>>()
        .unwrap();
    ids
}

fn window(from: &str, to: &str) -> GeoQuery {
    GeoQuery {
        from: Some(from.into()),
        to: Some(to.into()),
        ..GeoQuery::default()
    }
}

#[test]
fn every_way_to_a_timeline_page_gives_the_plain_querys_events() {
    let corpus = tempfile::tempdir().unwrap();
    dossier_api::corpus::write_corpus(corpus.path(), 400, 11).unwrap();
    let (dir, library) = new_library();
    library
        .import(
            &plan_import(&[corpus.path().to_path_buf()]),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    let path = dir.path().join("library.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (long, short): (i64, i64) = conn
        .query_row(
            "SELECT sum(last_day - first_day > 31), sum(last_day - first_day <= 31) FROM events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        long > 0 && short > 100,
        "{long} long and {short} short events"
    );
    let entity: i64 = conn
        .query_row(
            "SELECT entity_id FROM event_entities GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let place: i64 = conn
        .query_row(
            "SELECT place_id FROM events WHERE place_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (first, last): (String, String) = conn
        .query_row(
            "SELECT date(min(first_day) * 86400, 'unixepoch'), date(max(last_day) * 86400, 'unixepoch') FROM events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    let year = first[..4].parse::<i32>().unwrap() + 1;
    let windows = [
        GeoQuery::default(),
        window(&format!("{year}-03-01"), &format!("{year}-03-31")),
        window(&format!("{year}-01-01"), &format!("{year}-12-31")),
        window(&first, &last),
        GeoQuery {
            from: Some(format!("{year}-06-15")),
            ..GeoQuery::default()
        },
        GeoQuery {
            to: Some(format!("{year}-06-15")),
            ..GeoQuery::default()
        },
    ];
    let mut checked = 0;
    for geo in windows {
        for entity_id in [None, Some(entity)] {
            for (kind, place_id) in [(None, None), (Some("violence"), None), (None, Some(place))] {
                for (offset, limit) in [(0, 0), (0, 7), (5, 11)] {
                    let query = TimelineQuery {
                        geo: GeoQuery {
                            entity_id,
                            ..geo.clone()
                        },
                        kind: kind.map(Into::into),
                        place_id,
                        offset,
                        limit,
                    };
                    let page = library.timeline(&query).unwrap();
                    let all = reference(&path, &query);
                    let want: Vec<i64> = all
                        .iter()
                        .copied()
                        .skip(offset)
                        .take(if limit == 0 { 10_000 } else { limit })
                        .collect();
                    let got: Vec<i64> = page.events.iter().map(|e| e.id).collect();
                    assert_eq!(page.total, all.len(), "total for {query:?}");
                    assert_eq!(got, want, "page for {query:?}");
                    checked += usize::from(!all.is_empty());
                }
            }
        }
    }
    assert!(checked > 60, "only {checked} non-empty queries");

    // The user moves one of the entity's events to another year: the
    // entity's timeline (which reads the links' copy of the days) follows.
    let moved = library
        .timeline(&TimelineQuery {
            geo: GeoQuery {
                entity_id: Some(entity),
                ..GeoQuery::default()
            },
            limit: 1,
            ..TimelineQuery::default()
        })
        .unwrap()
        .events[0]
        .id;
    library
        .curate_event(&EventCuration::Edit {
            event: moved,
            field: "date".into(),
            value: Some(format!("{}-07-04", year + 2)),
        })
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stale: i64 = conn
        .query_row(
            "SELECT count(*) FROM event_entities ee JOIN events e ON e.id = ee.event_id \
             WHERE ee.first_day IS NOT e.first_day OR ee.last_day IS NOT e.last_day",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0, "links whose days are not their event's");
    let july = TimelineQuery {
        geo: GeoQuery {
            entity_id: Some(entity),
            ..window(
                &format!("{}-07-04", year + 2),
                &format!("{}-07-04", year + 2),
            )
        },
        ..TimelineQuery::default()
    };
    let page = library.timeline(&july).unwrap();
    let want = reference(&path, &july);
    assert!(!want.is_empty());
    assert_eq!(page.events.iter().map(|e| e.id).collect::<Vec<_>>(), want);
    // The per-day counts a bare window is counted from follow too.
    let everyone_in_july = TimelineQuery {
        geo: window(
            &format!("{}-07-04", year + 2),
            &format!("{}-07-04", year + 2),
        ),
        ..TimelineQuery::default()
    };
    let page = library.timeline(&everyone_in_july).unwrap();
    assert_eq!(page.total, reference(&path, &everyone_in_july).len());
    let counts = |sql: &str| -> Vec<(i64, i64, i64)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        counts("SELECT first_day, last_day, events FROM event_day_counts WHERE events != 0 ORDER BY 1, 2"),
        counts(
            "SELECT first_day, last_day, count(*) FROM events \
             WHERE first_day IS NOT NULL AND last_day IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
        )
    );
}
