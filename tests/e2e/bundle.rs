//! The whole library as a JSON bundle and back (`dossier export --format
//! bundle`, `dossier import-bundle`): a curated library over the seed articles
//! and the fixtures is exported, restored into a new file, and the two files
//! are compared table by table, row by row, with SQL of their own (not the
//! bundle's code); search, the views and undo behave the same in both.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use dossier_api::types::{
    ArticleCorrection, Curation, EntityQuery, EventCuration, GeoQuery, PlaceCorrection,
    SearchRequest, TimelineQuery,
};
use dossier_api::{plan_import, Library};
use dossier_e2e::{fixtures_dir, new_library, samples_dir};
use rusqlite::types::ValueRef;

/// Every table of a library file (SQLite's counters included) with its rows,
/// rowids first where the table has them, sorted; and the schema version.
fn dump(path: &Path) -> (u32, BTreeMap<String, Vec<String>>) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // The schema itself: tables, indexes and triggers, as SQL.
    let mut schema: Vec<String> = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    schema.sort();
    let mut out = BTreeMap::new();
    out.insert("(schema)".to_string(), schema);
    for (name, sql) in tables {
        let without_rowid = sql.to_ascii_uppercase().contains("WITHOUT ROWID");
        let select = if without_rowid || name == "sqlite_sequence" {
            format!("SELECT * FROM \"{name}\"")
        } else {
            format!("SELECT rowid, * FROM \"{name}\"")
        };
        let mut stmt = conn.prepare(&select).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get_ref(i).map(cell))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap()
            .map(|r| r.unwrap().join(" | "))
            .collect();
        rows.sort();
        out.insert(name, rows);
    }
    (version, out)
}

/// A value with its storage class, reals to the bit.
fn cell(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => format!("int {i}"),
        ValueRef::Real(f) => format!("real {:016x}", f.to_bits()),
        ValueRef::Text(t) => format!("text {:?}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("blob {b:02x?}"),
    }
}

fn assert_same_library(a: &Path, b: &Path) {
    let (va, ta) = dump(a);
    let (vb, tb) = dump(b);
    assert_eq!(va, vb, "schema versions");
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "tables"
    );
    for (table, rows) in &ta {
        let other = &tb[table];
        assert_eq!(rows.len(), other.len(), "row count of {table}");
        for (x, y) in rows.iter().zip(other) {
            assert_eq!(x, y, "a row of {table} differs");
        }
    }
}

/// The seed articles and every fixture, then curation of each kind.
fn curated_library() -> (tempfile::TempDir, Library) {
    let (dir, library) = new_library();
    let paths = vec![samples_dir(), fixtures_dir()];
    let report = library
        .import(&plan_import(&paths), &|_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(report.articles_added > 20, "{report:?}");
    assert!(report.failed > 0, "the broken fixtures fail: {report:?}");

    let entity = |name: &str| library.resolve_entity(name).unwrap();
    let (iraq, baghdad) = (entity("Iraq"), entity("Baghdad"));
    library
        .curate(&Curation::Merge {
            into: iraq.id,
            from: vec![baghdad.id],
        })
        .unwrap();
    library
        .curate(&Curation::Rename {
            entity: iraq.id,
            name: "Republic of Iraq".into(),
        })
        .unwrap();
    let hamas = entity("Hamas");
    library
        .curate(&Curation::Delete { entity: hamas.id })
        .unwrap();

    let events = library.timeline(&TimelineQuery::default()).unwrap().events;
    let strike = events
        .iter()
        .find(|e| e.kind == "airstrike")
        .expect("an airstrike");
    library
        .curate_event(&EventCuration::Edit {
            event: strike.id,
            field: "killed".into(),
            value: Some("9".into()),
        })
        .unwrap();
    library
        .correct_place(&PlaceCorrection::Pin {
            name: "Erbil Airport".into(),
            lat: 36.2376,
            lon: 43.9632,
            label: "Erbil International Airport".into(),
        })
        .unwrap();
    let first = library
        .list(&Default::default())
        .unwrap()
        .rows
        .first()
        .unwrap()
        .id;
    library
        .correct_article(
            first,
            &ArticleCorrection {
                title: Some("A title the user chose".into()),
                ..Default::default()
            },
        )
        .unwrap();
    (dir, library)
}

fn searches(library: &Library) -> Vec<(String, usize, BTreeMap<i64, String>)> {
    [
        "Baghdad",
        "\"Kataib Hezbollah\"",
        "strike*",
        "drone OR airport",
        "nothing-like-this",
    ]
    .iter()
    .map(|q| {
        let page = library
            .search(&SearchRequest {
                query: q.to_string(),
                limit: 100,
                ..Default::default()
            })
            .unwrap();
        let hits = page
            .hits
            .iter()
            .map(|h| (h.article.id, h.snippet.text.clone()))
            .collect();
        (q.to_string(), page.total, hits)
    })
    .collect()
}

/// The views a user sees, as JSON.
fn views(library: &Library) -> serde_json::Value {
    serde_json::json!({
        "entities": library.entities(&EntityQuery { limit: 1000, ..Default::default() }).unwrap(),
        "timeline": library.timeline(&TimelineQuery::default()).unwrap(),
        "places": library.places(&GeoQuery::default()).unwrap(),
        "history": library.curation_history().unwrap(),
        "stats": library.stats().unwrap().articles,
    })
}

#[test]
fn a_restored_bundle_is_the_same_library() {
    let (dir, library) = curated_library();
    let bundle = dir.path().join("backup.dossier.json");
    let written = library
        .export_bundle_to(&bundle, &|done, total| assert!(done <= total))
        .unwrap();
    assert!(written.rows > 1000, "{written:?}");

    // The bundle is one JSON document with its header, readable by serde.
    let json: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(
        std::fs::File::open(&bundle).unwrap(),
    ))
    .unwrap();
    assert_eq!(json["format"], "dossier-bundle");
    assert_eq!(json["version"], 1);
    assert!(written.schema_version > 0);
    assert_eq!(json["schema_version"], written.schema_version);
    assert!(json["created"].as_str().unwrap().starts_with("20"));
    assert!(json["app_version"].is_string());
    let tables = json["tables"].as_array().unwrap();
    let names: Vec<&str> = tables.iter().map(|t| t["name"].as_str().unwrap()).collect();
    for expected in [
        "sources",
        "articles",
        "article_corrections",
        "entities",
        "entity_aliases",
        "entity_kills",
        "mentions",
        "timexes",
        "places",
        "place_corrections",
        "event_mentions",
        "events",
        "event_decisions",
        "curation_log",
        "sqlite_sequence",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(
        !names.contains(&"search_queue"),
        "the derived queue is not in the bundle"
    );
    let sources = tables.iter().find(|t| t["name"] == "sources").unwrap();
    let bytes_at = sources["columns"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c == "bytes")
        .unwrap();
    assert!(sources["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|row| row[bytes_at]["base64"].is_string()));
    let total_rows: u64 = tables
        .iter()
        .map(|t| t["rows"].as_array().unwrap().len() as u64)
        .sum();
    assert_eq!(total_rows, written.rows);

    // Restored into a new library: the same rows, ids and counters.
    let target = dir.path().join("elsewhere").join("restored.sqlite");
    let (restored, read) = Library::import_bundle(&bundle, &target, &|_, _| {}).unwrap();
    assert_eq!(read, written);
    assert_same_library(library.path(), &target);
    // ...and the comparison was not of empty tables: the curation is in there.
    let (_, tables) = dump(&target);
    for table in [
        "sources",
        "articles",
        "article_corrections",
        "entities",
        "entity_aliases",
        "entity_kills",
        "mentions",
        "timexes",
        "places",
        "place_mentions",
        "place_corrections",
        "event_mentions",
        "events",
        "event_decisions",
        "curation_log",
        "sqlite_sequence",
    ] {
        assert!(!tables[table].is_empty(), "{table} is empty");
    }
    assert!(restored.store().check().unwrap().is_empty());

    // Search works at once and finds the same articles with the same snippets.
    let found = searches(&library);
    assert!(found[0].1 >= 3, "{:?}", found[0]);
    assert_eq!(searches(&restored), found);
    assert_eq!(views(&restored), views(&library));

    // Undo history is intact: undoing in both gives the same library again.
    assert_eq!(restored.undo().unwrap(), "delete 'Hamas'");
    assert_eq!(library.undo().unwrap(), "delete 'Hamas'");
    assert_eq!(
        restored.resolve_entity("Hamas").unwrap().id,
        library.resolve_entity("Hamas").unwrap().id
    );
    assert_same_library(library.path(), &target);
}

#[test]
fn a_truncated_bundle_is_refused_and_leaves_nothing() {
    let (dir, library) = new_library();
    library
        .import(
            &plan_import(&[samples_dir()]),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    let bundle = dir.path().join("backup.json");
    library.export_bundle_to(&bundle, &|_, _| {}).unwrap();
    let bytes = std::fs::read(&bundle).unwrap();
    let cut = dir.path().join("cut-short.json");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();

    let folder = dir.path().join("new");
    let target = folder.join("restored.sqlite");
    let err = match Library::import_bundle(&cut, &target, &|_, _| {}) {
        Err(err) => err,
        Ok(_) => panic!("a truncated bundle was restored"),
    };
    assert_eq!(err.code(), "invalid_input");
    let msg = err.to_string();
    assert!(
        msg.contains("cut-short.json") && msg.contains("truncated"),
        "{msg}"
    );
    // Not even the folder made for it.
    assert!(!folder.exists(), "left behind: {folder:?}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("restor"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn an_existing_library_is_never_overwritten() {
    let (dir, library) = new_library();
    library
        .import(
            &plan_import(&[samples_dir()]),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    let bundle = dir.path().join("backup.json");
    library.export_bundle_to(&bundle, &|_, _| {}).unwrap();
    let (_, before) = dump(library.path());

    let err = match Library::import_bundle(&bundle, library.path(), &|_, _| {}) {
        Err(err) => err,
        Ok(_) => panic!("an existing library was overwritten"),
    };
    assert_eq!(err.code(), "invalid_input");
    let msg = err.to_string();
    assert!(
        msg.contains(&library.path().display().to_string())
            && msg.contains("3 articles")
            && msg.contains("new library"),
        "{msg}"
    );
    assert_eq!(dump(library.path()).1, before);
    assert_eq!(library.stats().unwrap().articles, 3);
}
