//! The HTML reader over the 130 Mozilla Readability test pages in
//! `shared/dev-pages/readability`: body text, title and date must stay at or
//! above the quality reached when this test was written, so that a change that
//! makes extraction worse fails here. Set `HTML_PAGES_VERBOSE=1` to print a row per page.

use std::collections::HashMap;
use std::path::PathBuf;

use dossier_readers::{html_to_text, read_file, Document, Limits};

/// Floors: the figures measured when the reader was tuned, less a small margin.
const MIN_BODY_F1: f64 = 0.97;
const MIN_TITLE_RATE: f64 = 0.88;
const MIN_BYLINE_RATE: f64 = 0.85;
const MIN_SITE_RATE: f64 = 0.95;
const MIN_DATE_RATE: f64 = 0.94;

fn pages_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/dev-pages/readability")
}

fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

/// Bag-of-words precision, recall and F1 of `got` against `want`.
fn bag_of_words(got: &str, want: &str) -> (f64, f64, f64) {
    let (got, want) = (words(got), words(want));
    let overlap: usize = got
        .iter()
        .map(|(w, n)| (*n).min(want.get(w).copied().unwrap_or(0)))
        .sum();
    let total = |m: &HashMap<String, usize>| m.values().sum::<usize>();
    let ratio = |n: usize, d: usize| {
        if d == 0 {
            if n == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            n as f64 / d as f64
        }
    };
    let (p, r) = (ratio(overlap, total(&got)), ratio(overlap, total(&want)));
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f1)
}

/// Words of a byline without "by" and "and", so "By A and B" matches ["A", "B"].
fn byline_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "by" | "and" | "par" | "von" | "por"))
        .collect()
}

/// Whether one word sequence holds the other as a contiguous run.
fn contains_run(long: &[String], short: &[String]) -> bool {
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Case {
    name: String,
    doc: Option<Document>,
    expected_text: String,
    meta: serde_json::Value,
}

fn load_cases() -> Vec<Case> {
    let dir = pages_dir();
    assert!(
        dir.is_dir(),
        "the Readability test pages are missing: expected them at {} (shared/dev-pages/readability beside the repository)",
        dir.display()
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("readable pages directory")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("source.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let case = dir.join(&name);
            let source = std::fs::read(case.join("source.html")).expect("source.html");
            let expected =
                std::fs::read_to_string(case.join("expected.html")).expect("expected.html");
            let meta: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(case.join("expected-metadata.json")).expect("metadata"),
            )
            .expect("json");
            let mut items = read_file("source.html", source, &Limits::default());
            let doc = items
                .pop()
                .and_then(|i| i.result.ok())
                .and_then(|mut d| d.pop());
            Case {
                name,
                doc,
                expected_text: html_to_text(&expected),
                meta,
            }
        })
        .collect()
}

#[test]
fn readability_pages_meet_quality_floors() {
    let cases = load_cases();
    assert!(cases.len() >= 100, "only {} pages found", cases.len());
    let verbose = std::env::var_os("HTML_PAGES_VERBOSE").is_some();
    if let Ok(name) = std::env::var("HTML_PAGES_DUMP") {
        for case in cases.iter().filter(|c| c.name == name) {
            println!(
                "{:#?}\n----- expected -----\n{}",
                case.doc, case.expected_text
            );
        }
    }
    let (mut f1_sum, mut titles_ok, mut dates_ok, mut dated) = (0.0, 0usize, 0usize, 0usize);
    let (mut p_sum, mut r_sum) = (0.0, 0.0);
    let (mut bylines_ok, mut bylined, mut sites_ok, mut sited) = (0usize, 0usize, 0usize, 0usize);
    for case in &cases {
        let text = case.doc.as_ref().map_or("", |d| d.text.as_str());
        let (p, r, f1) = bag_of_words(text, &case.expected_text);
        p_sum += p;
        r_sum += r;
        f1_sum += f1;
        let want_title = normalize(case.meta["title"].as_str().unwrap_or(""));
        let got_title = normalize(
            case.doc
                .as_ref()
                .and_then(|d| d.title.as_deref())
                .unwrap_or(""),
        );
        let title_ok = got_title == want_title;
        titles_ok += title_ok as usize;
        let mut date_mark = "";
        if let Some(want) = case.meta["publishedTime"].as_str() {
            dated += 1;
            let got = case
                .doc
                .as_ref()
                .and_then(|d| d.published)
                .map(|d| d.date.to_string())
                .unwrap_or_default();
            let ok = want.get(..10) == Some(got.as_str());
            dates_ok += ok as usize;
            date_mark = if ok { "date ok" } else { "DATE" };
        }
        if let Some(want) = case.meta["byline"].as_str() {
            bylined += 1;
            let got = case
                .doc
                .as_ref()
                .map(|d| d.authors.clone())
                .unwrap_or_default();
            let (got_words, want_words) = (byline_words(&got.join(" ")), byline_words(want));
            let ok = contains_run(&got_words, &want_words) || contains_run(&want_words, &got_words);
            bylines_ok += ok as usize;
            if verbose && !ok {
                println!("  BYLINE got {got:?} want {want:?}");
            }
        }
        if let Some(want) = case.meta["siteName"].as_str() {
            sited += 1;
            let got = case
                .doc
                .as_ref()
                .and_then(|d| d.outlet.clone())
                .unwrap_or_default();
            let ok = normalize(&got).to_lowercase() == normalize(want).to_lowercase();
            sites_ok += ok as usize;
            if verbose && !ok {
                println!("  SITE got {got:?} want {want:?}");
            }
        }
        if verbose {
            println!(
                "{:<28} P {:.2} R {:.2} F1 {:.2} {} {}{}",
                case.name,
                p,
                r,
                f1,
                if title_ok { "title ok" } else { "TITLE" },
                date_mark,
                if title_ok {
                    String::new()
                } else {
                    format!("  got {got_title:?} want {want_title:?}")
                }
            );
        }
    }
    let n = cases.len() as f64;
    let (body_f1, title_rate, date_rate) = (
        f1_sum / n,
        titles_ok as f64 / n,
        dates_ok as f64 / dated.max(1) as f64,
    );
    println!(
        "pages {}  body P {:.3} R {:.3} F1 {:.3}  title {:.3}  date {:.3} ({dates_ok}/{dated})  byline {bylines_ok}/{bylined}  site {sites_ok}/{sited}",
        cases.len(),
        p_sum / n,
        r_sum / n,
        body_f1,
        title_rate,
        date_rate
    );
    assert!(
        body_f1 >= MIN_BODY_F1,
        "mean body F1 {body_f1:.3} fell below {MIN_BODY_F1}"
    );
    assert!(
        title_rate >= MIN_TITLE_RATE,
        "title match rate {title_rate:.3} fell below {MIN_TITLE_RATE}"
    );
    let byline_rate = bylines_ok as f64 / bylined.max(1) as f64;
    let site_rate = sites_ok as f64 / sited.max(1) as f64;
    assert!(
        byline_rate >= MIN_BYLINE_RATE,
        "byline match rate {byline_rate:.3} fell below {MIN_BYLINE_RATE}"
    );
    assert!(
        site_rate >= MIN_SITE_RATE,
        "site name match rate {site_rate:.3} fell below {MIN_SITE_RATE}"
    );
    assert!(
        date_rate >= MIN_DATE_RATE,
        "date match rate {date_rate:.3} fell below {MIN_DATE_RATE}"
    );
}
