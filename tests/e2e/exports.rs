//! Data exports over the seed articles, each checked by a real parser: CSV by
//! the `csv` crate, JSON, GeoJSON and CSL-JSON by serde, BibTeX by `biblatex`,
//! RIS by its line grammar.

use dossier_api::export::{ExportData, ExportFormat, ExportOptions};
use dossier_api::report::Selection;
use dossier_api::Library;
use dossier_e2e::seeded_library;

fn seeded() -> (tempfile::TempDir, Library) {
    seeded_library()
}

fn export(library: &Library, format: ExportFormat, data: ExportData, bom: bool) -> String {
    let bytes = library
        .export(format, data, &Selection::default(), ExportOptions { bom })
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn events_csv_reads_back_with_acled_like_columns() {
    let (_dir, library) = seeded();
    let text = export(&library, ExportFormat::Csv, ExportData::Events, true);
    assert!(text.starts_with('\u{feff}'), "BOM asked for");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    for column in [
        "event_id",
        "event_date",
        "date_precision",
        "event_type",
        "actors",
        "location",
        "latitude",
        "longitude",
        "fatalities",
        "sources",
    ] {
        assert!(
            headers.iter().any(|h| h == column),
            "{column} in {headers:?}"
        );
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let timeline = library.timeline(&Default::default()).unwrap();
    assert_eq!(rows.len(), timeline.total);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let strike = rows
        .iter()
        .find(|r| &r[col("location")] == "Jurf al-Sakhar" && &r[col("event_type")] == "airstrike")
        .expect("the Baghdad strikes");
    assert_eq!(&strike[col("fatalities")], "8");
    assert!(
        strike[col("sources")].contains(" | "),
        "two sources: {}",
        &strike[col("sources")]
    );
}

#[test]
fn entities_and_places_export_as_csv_json_and_geojson() {
    let (_dir, library) = seeded();
    let entities = export(&library, ExportFormat::Csv, ExportData::Entities, false);
    let mut reader = csv::Reader::from_reader(entities.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let pmf = rows
        .iter()
        .find(|r| r[3].contains("PMF"))
        .expect("PMF among aliases");
    assert_eq!(&pmf[2], "ORG");

    let json: serde_json::Value = serde_json::from_str(&export(
        &library,
        ExportFormat::Json,
        ExportData::Entities,
        false,
    ))
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), rows.len());

    let geo: serde_json::Value = serde_json::from_str(&export(
        &library,
        ExportFormat::Geojson,
        ExportData::Places,
        false,
    ))
    .unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let baghdad = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name"] == "Baghdad")
        .expect("Baghdad");
    let coords = baghdad["geometry"]["coordinates"].as_array().unwrap();
    // Longitude first (RFC 7946).
    assert!(
        (coords[0].as_f64().unwrap() - 44.4).abs() < 0.3
            && (coords[1].as_f64().unwrap() - 33.3).abs() < 0.3
    );
}

#[test]
fn sources_export_as_ris_bibtex_and_csl_json() {
    let (_dir, library) = seeded();
    let ris = export(&library, ExportFormat::Ris, ExportData::Sources, false);
    let records: Vec<&str> = ris
        .split("ER  - ")
        .filter(|r| !r.trim().is_empty())
        .collect();
    assert_eq!(records.len(), 3);
    for record in &records {
        for line in record.lines().filter(|l| !l.is_empty()) {
            assert!(
                line.len() >= 6 && &line[2..6] == "  - ",
                "RIS line: {line:?}"
            );
        }
        assert!(record.trim_start().starts_with("TY  - NEWS"));
    }
    assert!(ris.contains("AU  - Ahmed Rasheed") && ris.contains("AU  - Timour Azhari"));

    let bib = export(&library, ExportFormat::Bibtex, ExportData::Sources, false);
    let parsed = biblatex::Bibliography::parse(&bib).expect("BibTeX parses");
    assert_eq!(parsed.len(), 3);
    let with_authors = parsed
        .iter()
        .find(|e| e.author().map(|a| a.len() == 2).unwrap_or(false));
    assert!(with_authors.is_some(), "two authors on the Reuters piece");

    let csl: serde_json::Value = serde_json::from_str(&export(
        &library,
        ExportFormat::Csljson,
        ExportData::Sources,
        false,
    ))
    .unwrap();
    let items = csl.as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i["type"] == "article-newspaper"));
    assert!(items
        .iter()
        .any(|i| i["issued"]["date-parts"][0] == serde_json::json!([2023, 11, 22])));
}

#[test]
fn a_format_that_cannot_hold_the_data_is_refused_with_a_reason() {
    let (_dir, library) = seeded();
    let err = library
        .export(
            ExportFormat::Ris,
            ExportData::Events,
            &Selection::default(),
            ExportOptions::default(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("ris"), "{err}");
}
