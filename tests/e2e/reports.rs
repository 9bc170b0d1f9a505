//! Reports over the seed articles in every format, each read back by a real
//! parser: the HTML by html5ever's tolerant parser (no script, every citation
//! resolves), the PDF by the PDF reader Dossier imports with (its text must be
//! selectable and complete), the DOCX by the DOCX reader, the Markdown as
//! text; plus golden files of the report's facts and selections that narrow.

use std::collections::HashSet;
use std::path::PathBuf;

use dossier_api::export::{ExportData, ExportFormat, ExportOptions};
use dossier_api::report::{Report, ReportFormat, ReportRequest, Sections, Selection};
use dossier_api::Library;
use dossier_e2e::seeded_library;

fn seeded() -> (tempfile::TempDir, Library) {
    seeded_library()
}

/// The text Dossier's own reader gets from a file.
fn read_back(name: &str, bytes: Vec<u8>) -> String {
    let items = dossier_readers::read_file(name, bytes, &dossier_readers::Limits::default());
    let mut text = String::new();
    for item in items {
        let documents = item
            .result
            .unwrap_or_else(|e| panic!("{name} does not read back: {e}"));
        for d in documents {
            text.push_str(&d.text);
            text.push('\n');
        }
    }
    text
}

fn whole(library: &Library) -> Report {
    library
        .report(&ReportRequest {
            title: Some("Strikes in Iraq, November 2023".into()),
            ..Default::default()
        })
        .unwrap()
}

/// The facts of a report, without the time it was made: what golden files keep.
fn facts(r: &Report) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    v.as_object_mut().unwrap().remove("generated");
    // Library ids depend on import order details that are not the report's business.
    serde_json::json!({
        "title": v["title"],
        "scope": v["scope"],
        "summary": v["summary"],
        "events": r.events.iter().map(|e| serde_json::json!({
            "number": e.number,
            "kind": e.row.kind,
            "date": e.row.date,
            "place": e.row.place_name,
            "killed": e.row.killed,
            "sources": e.sources,
            "disagreements": e.disagreements.iter().map(|d| &d.field).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "places": r.places.iter().map(|p| &p.name).collect::<Vec<_>>(),
        "profiles": r.profiles.iter().map(|p| serde_json::json!({
            "name": p.entity.name, "kind": p.entity.kind, "mentions": p.mentions, "events": p.events,
        })).collect::<Vec<_>>(),
        "sources": r.sources.iter().map(|a| serde_json::json!({
            "outlet": a.outlet, "title": a.title, "published": a.published, "url": a.url,
        })).collect::<Vec<_>>(),
    })
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("gold")
        .join(name)
}

/// Compares with the golden file; `DOSSIER_BLESS=1` rewrites it after a
/// deliberate change (review the diff).
fn check_golden(name: &str, value: &serde_json::Value) {
    let path = golden_path(name);
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    if std::env::var_os("DOSSIER_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with DOSSIER_BLESS=1 to create it)",
            path.display()
        )
    });
    assert_eq!(
        text,
        golden,
        "report facts differ from {}; if the change is meant, rerun with DOSSIER_BLESS=1",
        path.display()
    );
}

#[test]
fn the_seed_report_has_its_facts_and_every_statement_cites_a_listed_source() {
    let (_dir, library) = seeded();
    let r = whole(&library);
    assert_eq!(r.summary.articles, 3);
    assert_eq!(r.sources.len(), 3);
    assert!(!r.summary.outlets.is_empty(), "{:?}", r.summary.outlets);
    assert!(r.events.len() >= 2, "{} events", r.events.len());
    // The Baghdad strikes: one event, two outlets, their casualty figures disagree.
    let strike = r
        .events
        .iter()
        .find(|e| e.row.place_name.as_deref() == Some("Jurf al-Sakhar"))
        .expect("the Jurf al-Sakhar strike");
    assert!(strike.sources.len() >= 2, "{:?}", strike.sources);
    assert!(r.places.iter().any(|p| p.name == "Baghdad"));
    // Soleimani's killing is known only as "2020": the span opens with the
    // year, not with a 1 January no source gave.
    let md = String::from_utf8(r.render(ReportFormat::Md).unwrap()).unwrap();
    assert!(md.contains("Events dated 2020 – "), "{md}");
    assert!(r
        .profiles
        .iter()
        .any(|p| p.entity.name == "Kataib Hezbollah"));
    // Every citation is a number of the source list.
    let n = r.sources.len();
    for e in &r.events {
        assert!(!e.sources.is_empty(), "E{} cites nothing", e.number);
        assert!(e.sources.iter().all(|&s| (1..=n).contains(&s)));
    }
    for p in &r.profiles {
        if let Some(q) = &p.quote {
            assert!((1..=n).contains(&q.source));
        }
    }
    check_golden("report-seed.json", &facts(&r));
}

#[test]
fn the_html_report_is_self_contained_and_inert() {
    let (_dir, library) = seeded();
    let r = whole(&library);
    let html = String::from_utf8(r.render(ReportFormat::Html).unwrap()).unwrap();
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "no script");
    assert!(!lower.contains("javascript:"));
    assert!(
        !lower.contains(" src=\"http"),
        "nothing loaded from the network"
    );
    assert!(
        lower.contains("default-src 'none'"),
        "a CSP that forbids loading"
    );
    assert!(html.contains("<svg"), "the drawings are inline SVG");
    for section in [
        "summary",
        "timeline",
        "map",
        "entities",
        "disagreements",
        "sources",
    ] {
        assert!(
            html.contains(&format!("id=\"{section}\"")),
            "{section} section"
        );
    }
    // Every internal link has its target.
    let targets: HashSet<&str> = html
        .split("id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    for link in html.split("href=\"#").skip(1) {
        let target = link.split('"').next().unwrap();
        assert!(targets.contains(target), "link to #{target} has no target");
    }
    assert!(html.contains("Kataib Hezbollah"));
    assert!(html.contains("Jurf al-Sakhar"));
    // A real HTML parser (html5ever, through scraper) sees the same structure.
    let doc = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    assert_eq!(
        doc.select(&select("script, iframe, object, embed")).count(),
        0
    );
    assert_eq!(
        doc.select(&select("ol.sources > li")).count(),
        r.sources.len()
    );
    assert_eq!(
        doc.select(&select("#timeline tbody tr")).count(),
        r.events.len()
    );
    assert_eq!(
        doc.select(&select("section svg")).count(),
        2,
        "timeline and map drawings"
    );
    let h1: String = doc.select(&select("h1")).next().unwrap().text().collect();
    assert_eq!(h1, "Strikes in Iraq, November 2023");
    for a in doc.select(&select("a[href]")) {
        let href = a.value().attr("href").unwrap();
        assert!(href.starts_with('#') || href.starts_with("http"), "{href}");
    }
}

#[test]
fn the_pdf_report_has_selectable_text_the_pdf_reader_gets_back() {
    let (_dir, library) = seeded();
    let r = whole(&library);
    let pdf = r.render(ReportFormat::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = read_back("report.pdf", pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Strikes in Iraq, November 2023",
        "Summary",
        "Timeline",
        "Disagreements between sources",
        "Kataib Hezbollah",
        "Jurf al-Sakhar",
        "Sources",
    ] {
        assert!(
            flat.contains(expected),
            "{expected:?} in the PDF text:\n{flat}"
        );
    }
    // The citations' outlets and titles are there too.
    for a in &r.sources {
        let start: String = a
            .title
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            flat.contains(&start),
            "source title {start:?} in the PDF text"
        );
    }
}

#[test]
fn the_docx_and_markdown_reports_carry_the_same_facts() {
    let (_dir, library) = seeded();
    let r = whole(&library);
    let docx = r.render(ReportFormat::Docx).unwrap();
    // The drawings are PNG parts (stored, so their signature shows in the zip).
    let contains = |needle: &[u8]| docx.windows(needle.len()).any(|w| w == needle);
    assert!(contains(b"word/media/figure1.png") && contains(b"word/media/figure2.png"));
    assert!(contains(b"\x89PNG\r\n\x1a\n"));
    let text = read_back("report.docx", docx);
    assert!(text.contains("Strikes in Iraq, November 2023"), "{text}");
    assert!(text.contains("Jurf al-Sakhar"));
    assert!(text.contains("Kataib Hezbollah"));

    let md = String::from_utf8(r.render(ReportFormat::Md).unwrap()).unwrap();
    assert!(md.starts_with("# Strikes in Iraq, November 2023"));
    assert!(md.contains("| # | Date | Event |"));
    assert!(md.contains("data:image/svg+xml;base64,"));
    for (i, _) in r.sources.iter().enumerate() {
        assert!(md.contains(&format!("id=\"src-{}\"", i + 1)));
    }
}

#[test]
fn sections_left_out_are_left_out() {
    let (_dir, library) = seeded();
    let r = library
        .report(&ReportRequest {
            sections: Sections::parse("summary,sources").unwrap(),
            ..Default::default()
        })
        .unwrap();
    let html = String::from_utf8(r.render(ReportFormat::Html).unwrap()).unwrap();
    assert!(html.contains("id=\"summary\""));
    assert!(!html.contains("id=\"timeline\""));
    assert!(!html.contains("<svg"));
    assert!(Sections::parse("summary,cover").is_err());
}

#[test]
fn a_selection_narrows_the_report_and_the_data_exports() {
    let (_dir, library) = seeded();
    let all = whole(&library);
    // A story: the two versions of the Baghdad strikes.
    let story = all
        .sources
        .iter()
        .find(|a| a.story_size == 2)
        .expect("the two-version story")
        .story_id;
    let by_story = library
        .report(&ReportRequest {
            selection: Selection {
                story_id: Some(story),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_story.summary.articles, 2);
    assert!(
        by_story.scope.starts_with("The story"),
        "{}",
        by_story.scope
    );

    // A search for Hillah finds the later story only.
    let searched = library
        .report(&ReportRequest {
            selection: Selection {
                query: Some("Hillah".into()),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert!(searched.summary.articles >= 1 && searched.summary.articles < 3);
    assert!(searched.scope.contains("“Hillah”"));

    // An entity: its profile leads.
    let kh = library.resolve_entity("Kataib Hezbollah").unwrap();
    let by_entity = library
        .report(&ReportRequest {
            selection: Selection {
                entity_id: Some(kh.id),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_entity.profiles[0].entity.id, kh.id);

    // A time window after every event: nothing.
    let later = Selection {
        from: Some("2030-01-01".into()),
        ..Default::default()
    };
    let empty = library
        .report(&ReportRequest {
            selection: later.clone(),
            ..Default::default()
        })
        .unwrap();
    assert!(empty.events.is_empty());
    let html = String::from_utf8(empty.render(ReportFormat::Html).unwrap()).unwrap();
    assert!(html.contains("No events in this selection."));

    // The data exports take the same selection.
    let csv = library
        .export(
            ExportFormat::Json,
            ExportData::Sources,
            &Selection {
                story_id: Some(story),
                ..Default::default()
            },
            ExportOptions::default(),
        )
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&csv).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    let events = library
        .export(
            ExportFormat::Json,
            ExportData::Events,
            &later,
            ExportOptions::default(),
        )
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&events).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 0);
}

/// poppler, an independent PDF implementation, extracts the text and renders
/// page one with ink on it (`make setup` installs poppler-utils).
#[test]
fn poppler_reads_and_renders_the_pdf_report() {
    let (dir, library) = seeded();
    let pdf = whole(&library).render(ReportFormat::Pdf).unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let run = |program: &str, args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| {
                panic!("{program} is needed (poppler-utils; `make setup` installs it): {e}")
            });
        assert!(
            out.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let text = run("pdftotext", &[path.as_os_str(), "-".as_ref()]);
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("Strikes in Iraq, November 2023"), "{text}");
    assert!(text.contains("Kataib Hezbollah"));

    let stem = dir.path().join("page");
    run(
        "pdftoppm",
        &[
            "-gray".as_ref(),
            "-r".as_ref(),
            "40".as_ref(),
            "-singlefile".as_ref(),
            path.as_os_str(),
            stem.as_os_str(),
        ],
    );
    let image = std::fs::read(dir.path().join("page.pgm")).unwrap();
    // A binary PGM: "P5", width, height, maxval, then one byte per pixel.
    let mut fields = image.splitn(5, |b| b.is_ascii_whitespace());
    assert_eq!(fields.next(), Some(&b"P5"[..]));
    let width: usize = std::str::from_utf8(fields.next().unwrap())
        .unwrap()
        .parse()
        .unwrap();
    let height: usize = std::str::from_utf8(fields.next().unwrap())
        .unwrap()
        .parse()
        .unwrap();
    let pixels = &image[image.len() - width * height..];
    let ink = pixels.iter().filter(|&&p| p < 128).count();
    assert!(
        ink * 200 > pixels.len() && ink * 3 < pixels.len(),
        "page one has {ink} dark pixels of {}",
        pixels.len()
    );
}

#[test]
fn names_not_on_the_map_are_named_in_every_format() {
    let (_dir, library) = seeded();
    let local = dossier_e2e::fixtures_dir().join("local/springfield-council.txt");
    let report = library
        .import(
            &dossier_api::plan_import(&[local]),
            &|_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(report.failed, 0);
    let r = whole(&library);
    assert_eq!(r.unplaced, [("Springfield".to_string(), 1)]);
    assert!(r.places.iter().all(|p| p.name != "Springfield"));
    let line = "Not on the map, as the articles do not say which place they mean: Springfield (1 mention).";
    let html = String::from_utf8(r.render(ReportFormat::Html).unwrap()).unwrap();
    assert!(html.contains(line), "HTML");
    let md = String::from_utf8(r.render(ReportFormat::Md).unwrap()).unwrap();
    assert!(md.contains(line), "Markdown");
    assert!(read_back("report.docx", r.render(ReportFormat::Docx).unwrap()).contains(line));
    let pdf = read_back("report.pdf", r.render(ReportFormat::Pdf).unwrap());
    assert!(
        pdf.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(line),
        "PDF"
    );

    // The seed articles alone have nothing unplaced, and say nothing of it.
    let (_dir, seed_only) = seeded();
    let r = whole(&seed_only);
    assert!(r.unplaced.is_empty());
    let html = String::from_utf8(r.render(ReportFormat::Html).unwrap()).unwrap();
    assert!(!html.contains("Not on the map"));
}
