//! Gazetteer load time and memory, and toponym resolution throughput.
//!
//! usage: cargo run --release -p dossier-analysis --example bench_geo [-- TEXTS.jsonl]
//! TEXTS.jsonl defaults to the LGL corpus in ../shared/eval-data/geo/jsonl;
//! only each line's "text" is read. Entity tagging is timed apart from
//! resolution, which is what this measures.

use std::time::Instant;

use dossier_analysis::geo::{self, Gazetteer};
use dossier_analysis::ner::NerModel;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/eval-data/geo/jsonl/lgl.jsonl"
        )
        .to_string()
    });
    let texts = read_texts(&path);

    let rss_before = resident_kb();
    let start = Instant::now();
    let gaz = Gazetteer::builtin();
    let load = start.elapsed();
    // The first lookups page in the parts of the table they touch.
    let warm = ["Baghdad", "Paris", "Springfield", "Texas", "Gaza"]
        .iter()
        .map(|n| gaz.candidates(n).len())
        .sum::<usize>();
    println!(
        "gazetteer: {} entries, load {:.3} ms, resident +{} kB after load and {warm} warm-up candidates",
        gaz.len(),
        load.as_secs_f64() * 1e3,
        resident_kb().saturating_sub(rss_before)
    );

    let start = Instant::now();
    let tagged: Vec<_> = texts
        .iter()
        .map(|t| NerModel::builtin().entities(t))
        .collect();
    let tagging = start.elapsed();

    let rss_before = resident_kb();
    let start = Instant::now();
    let mut toponyms = 0;
    for (text, mentions) in texts.iter().zip(&tagged) {
        toponyms += geo::resolve(text, mentions).len();
    }
    let resolving = start.elapsed().as_secs_f64();
    let tokens: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    println!(
        "{} documents, {tokens} tokens; entity tagging {:.2} s",
        texts.len(),
        tagging.as_secs_f64()
    );
    println!(
        "resolution: {toponyms} toponyms in {:.3} s = {:.0} toponyms/s, {:.0} tokens/s; resident +{} kB",
        resolving,
        toponyms as f64 / resolving,
        tokens as f64 / resolving,
        resident_kb().saturating_sub(rss_before)
    );
}

/// The "text" field of every JSON line, unescaped just enough for timing
/// (no JSON crate in this library's dependencies).
fn read_texts(path: &str) -> Vec<String> {
    let all = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    all.lines().filter_map(text_field).collect()
}

fn text_field(line: &str) -> Option<String> {
    let start = line.find("\"text\": \"")? + "\"text\": \"".len();
    let mut out = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or(' '),
                    );
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// This process's resident memory (VmRSS) in kB.
fn resident_kb() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}
