//! Events merged incrementally: an import reopens only the stored events near
//! its new mentions, and the result is what rebuilding every event gives.
//! Checked on the seed articles imported one at a time, on a generated corpus
//! imported in parts, after the user's decisions, and against the map's
//! per-place event counts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use dossier_api::types::{EventCuration, EventRow, TimelineQuery};
use dossier_api::{plan_import, Library};
use dossier_e2e::{new_library, sample};

/// A report far from the seed articles in time and place.
const LIMA: &str =
    "Thousands protest in Lima over pension reform\n\nBy Ana Torres\n\nMarch 4, 2019\n\n\
    LIMA (Reuters) - Thousands of people marched in Lima on Monday to protest against a pension \
    reform, and police arrested 12 demonstrators near the Congress building, officials said.\n";

fn import(library: &Library, paths: &[PathBuf]) {
    let report = library
        .import(&plan_import(paths), &|_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.failed, 0, "{:#?}", report.files);
}

fn events(library: &Library) -> Vec<EventRow> {
    library.timeline(&TimelineQuery::default()).unwrap().events
}

/// Every event as the set of its mentions' keys, with the fields merging
/// decides (kind, date, place, figures): ids left out, since a rebuild
/// numbers events afresh.
fn shape(library: &Library) -> BTreeSet<String> {
    events(library)
        .into_iter()
        .map(|e| {
            let detail = library.event(e.id).unwrap();
            let mut keys: Vec<String> = detail
                .sources
                .iter()
                .map(|s| s.mention_key.clone())
                .collect();
            keys.sort();
            format!(
                "{} {:?} {:?} {:?}/{:?} {} [{}]",
                e.kind,
                e.date,
                e.place_name,
                e.killed,
                e.injured,
                e.source_count,
                keys.join(" ")
            )
        })
        .collect()
}

fn rebuilt_shape(library: &Library) -> BTreeSet<String> {
    library.store().rebuild_events().unwrap();
    shape(library)
}

/// (first day, last day, place, events), -1 for no day.
type Counts = Vec<(i64, i64, i64, i64)>;

/// The event counts per place and date range the map reads, and the same
/// counted from the events themselves.
fn map_counts(path: &Path) -> (Counts, Counts) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let read = |sql: &str| -> Counts {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?.unwrap_or(-1),
                    r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
                    r.get(2)?,
                    r.get(3)?,
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    (
        read(
            "SELECT first_day, last_day, place_id, sum(events) FROM event_place_days \
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        ),
        read(
            "SELECT first_day, last_day, place_id, count(*) FROM events WHERE place_id IS NOT NULL \
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        ),
    )
}

/// A full rebuild numbers the events from 1; merging new mentions gives the
/// events it makes ids after every stored one, so ids beyond the count show
/// that the later imports took the incremental path.
fn assert_reopened_not_rebuilt(library: &Library) {
    let all = events(library);
    let highest = all.iter().map(|e| e.id).max().unwrap_or(0);
    assert!(
        highest > all.len() as i64,
        "event ids 1..={highest} for {} events: every event was rebuilt",
        all.len()
    );
}

#[test]
fn the_seed_articles_one_at_a_time_give_the_events_of_a_full_rebuild() {
    let (dir, library) = new_library();
    for prefix in ["000", "001", "003"] {
        import(&library, &[sample(prefix)]);
        let (summary, counted) = map_counts(&dir.path().join("library.sqlite"));
        assert_eq!(summary, counted, "map counts after sample {prefix}");
    }
    assert_reopened_not_rebuilt(&library);
    let incremental = shape(&library);
    assert!(
        incremental
            .iter()
            .any(|e| e.contains("Jurf al-Sakhar") && e.contains(" 2 [")),
        "the strike told by two outlets is one event with two sources: {incremental:#?}"
    );
    assert_eq!(incremental, rebuilt_shape(&library));
}

#[test]
fn a_corpus_imported_in_parts_gives_the_events_of_a_full_rebuild() {
    let corpus = tempfile::tempdir().unwrap();
    dossier_api::corpus::write_corpus(corpus.path(), 240, 5).unwrap();
    // Written in one folder of up to 1,000 files.
    let folder = corpus.path().join("0000");
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 240);
    files.sort();
    let (dir, library) = new_library();
    for part in files.chunks(60) {
        import(&library, part);
    }
    let (summary, counted) = map_counts(&dir.path().join("library.sqlite"));
    assert_eq!(summary, counted);
    let incremental = shape(&library);
    assert!(incremental.len() > 200, "{} events", incremental.len());
    assert_reopened_not_rebuilt(&library);
    let rebuilt = rebuilt_shape(&library);
    let differ = incremental.symmetric_difference(&rebuilt).count();
    assert_eq!(
        differ,
        0,
        "{differ} of {} events differ from a full rebuild:\n{:#?}",
        rebuilt.len(),
        incremental
            .symmetric_difference(&rebuilt)
            .take(6)
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_import_leaves_the_events_far_from_it_as_they_are() {
    let (_dir, library) = new_library();
    import(&library, &[sample("000"), sample("001")]);
    let before = events(&library);
    // The Hillah article names Erbil, Hillah and the PMF, a day after.
    import(&library, &[sample("003")]);
    let after = events(&library);
    let kept: Vec<&EventRow> = before.iter().filter(|e| after.contains(e)).collect();
    assert!(
        !kept.is_empty() && kept.len() < before.len() + 1,
        "some events stay as they were, ids included: {before:#?}\n{after:#?}"
    );
    // A report far away in time and place reopens nothing.
    let far = tempfile::tempdir().unwrap();
    let file = far.path().join("lima.txt");
    std::fs::write(&file, LIMA).unwrap();
    import(&library, &[file]);
    let later = events(&library);
    for e in &after {
        assert!(later.contains(e), "{e:#?} changed");
    }
}

#[test]
fn the_users_merge_holds_when_new_reports_of_the_events_arrive() {
    let (_dir, library) = new_library();
    import(&library, &[sample("000"), sample("003")]);
    let all = events(&library);
    let hillah = all
        .iter()
        .find(|e| e.place_name.as_deref() == Some("Al Hillah"))
        .expect("the Hillah strike");
    let erbil = all
        .iter()
        .find(|e| e.place_name.as_deref() == Some("Erbil"))
        .expect("the Erbil attack");
    let joined = hillah.mention_count + erbil.mention_count;
    library
        .curate_event(&EventCuration::Merge {
            events: vec![hillah.id, erbil.id],
        })
        .unwrap();
    let merged = |library: &Library| {
        events(library).into_iter().find(|e| {
            e.mention_count >= joined
                && matches!(e.place_name.as_deref(), Some("Al Hillah") | Some("Erbil"))
        })
    };
    assert!(merged(&library).is_some());
    let before = shape(&library);
    import(&library, &[sample("001")]);
    assert!(
        merged(&library).is_some(),
        "still merged: {:#?}",
        events(&library)
    );
    assert!(shape(&library).len() >= before.len());
    assert_eq!(shape(&library), rebuilt_shape(&library));
}

#[test]
fn a_corrected_place_moves_its_events_as_a_full_rebuild_would() {
    use dossier_api::types::PlaceCorrection;
    let (dir, library) = new_library();
    let lima = dir.path().join("lima.txt");
    std::fs::write(&lima, LIMA).unwrap();
    import(
        &library,
        &[sample("000"), sample("001"), sample("003"), lima],
    );
    let at = |library: &Library, name: &str| {
        events(library)
            .iter()
            .filter(|e| e.place_name.as_deref() == Some(name))
            .count()
    };
    let in_hillah = at(&library, "Al Hillah");
    assert!(in_hillah > 0);
    // The user pins "Hillah" on the strike's compound outside the city.
    library
        .correct_place(&PlaceCorrection::Pin {
            name: "Hillah".into(),
            lat: 32.45,
            lon: 44.40,
            label: "Hillah compound".into(),
        })
        .unwrap();
    assert_eq!(at(&library, "Hillah compound"), in_hillah);
    assert_eq!(at(&library, "Al Hillah"), 0);
    let (summary, counted) = map_counts(&dir.path().join("library.sqlite"));
    assert_eq!(summary, counted);
    assert_reopened_not_rebuilt(&library);
    assert_eq!(shape(&library), rebuilt_shape(&library));
}

#[test]
fn reanalysing_some_articles_reopens_their_events_not_every_event() {
    let corpus = tempfile::tempdir().unwrap();
    dossier_api::corpus::write_corpus(corpus.path(), 240, 9).unwrap();
    let (dir, library) = new_library();
    import(&library, &[corpus.path().to_path_buf()]);
    let before = shape(&library);
    let far = tempfile::tempdir().unwrap();
    let lima = far.path().join("lima.txt");
    std::fs::write(&lima, LIMA).unwrap();
    import(&library, &[lima]);
    let lima_events: Vec<EventRow> = events(&library)
        .into_iter()
        .filter(|e| e.place_name.as_deref() == Some("Lima"))
        .collect();
    assert!(!lima_events.is_empty(), "{:#?}", events(&library));
    // What a new version of the analysis does to older articles: one in
    // twelve of the corpus's articles is stale.
    let path = dir.path().join("library.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stale = conn
        .execute(
            "UPDATE articles SET analysis_version = 0 WHERE id % 12 = 0 AND title NOT LIKE '%Lima%'",
            [],
        )
        .unwrap();
    drop(conn);
    assert!(stale >= 19, "{stale} stale articles");
    let done = library
        .reanalyse(false, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(done, stale);
    // The same analysis gives the same events; the Lima protest, far from
    // every re-analysed article, keeps its id.
    let after = events(&library);
    for e in &lima_events {
        assert!(after.contains(e), "{e:#?} was reopened");
    }
    assert_reopened_not_rebuilt(&library);
    let (summary, counted) = map_counts(&path);
    assert_eq!(summary, counted);
    let incremental = shape(&library);
    assert!(before.is_subset(&incremental));
    assert_eq!(incremental, rebuilt_shape(&library));
}
