//! Toponym predictions for a gold JSONL file, as `dossier eval geo` writes
//! them (the same tagger and resolver, the same character offsets), with what
//! was chosen for each toponym: the entry's name, kind, country and the
//! confidence. A development aid for reading errors on the dev sets; the
//! scorer (`shared/eval-tools/geo_score.py`) ignores the extra fields.
//! Building it touches only this crate, so a change to the resolver can be
//! measured without rebuilding the CLI.
//!
//! usage: cargo run --release -p dossier-analysis --example geo_probe -- GOLD.jsonl PRED.jsonl
//!        cargo run --release -p dossier-analysis --example geo_probe -- --lookup NAME...

use std::io::Write;

use dossier_analysis::geo;
use dossier_analysis::ner::NerModel;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--lookup") {
        let gaz = geo::Gazetteer::builtin();
        for name in &args[1..] {
            println!("{name} -> key {:?}", gaz.normalise(name));
            for c in gaz.lookup(name) {
                let e = c.entry;
                let parent = gaz.parent(&e).map(|p| p.name).unwrap_or("");
                println!(
                    "  {:>10} {:<28} {:<8} {:2} pop {:>9} cap {} primary {} ({:.2}, {:.2}) in {parent}",
                    e.id.0, e.name, e.kind.as_str(), e.country, e.population, e.capital, c.primary, e.lat, e.lon
                );
            }
        }
        return;
    }
    let [gold, pred] = args.as_slice() else {
        eprintln!("usage: geo_probe GOLD.jsonl PRED.jsonl");
        std::process::exit(2);
    };
    let all = std::fs::read_to_string(gold).unwrap_or_else(|e| panic!("{gold}: {e}"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(pred).expect("output file"));
    let (mut docs, mut toponyms) = (0, 0);
    for line in all.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let text = doc["text"].as_str().unwrap_or("");
        let mentions = NerModel::builtin().entities(text);
        // As `dossier eval geo`: demonyms count as toponyms in the gold.
        let places = if std::env::var_os("GEO_NO_DEMONYMS").is_none() {
            geo::places_with_demonyms(text, &mentions)
        } else {
            geo::resolve(text, &mentions)
        };
        let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        let to_char = |byte: usize| starts.partition_point(|&b| b < byte);
        let gaz = geo::Gazetteer::builtin();
        let rows: Vec<serde_json::Value> = places
            .iter()
            .map(|p| {
                // Whether some entry under the name is where gold says
                // (a rough check: division words are not stripped here).
                let others: Vec<[f64; 2]> = gaz
                    .candidates(&p.name)
                    .iter()
                    .map(|e| {
                        [
                            (e.lat * 100.0).round() / 100.0,
                            (e.lon * 100.0).round() / 100.0,
                        ]
                    })
                    .collect();
                serde_json::json!({
                    "candidates": others,
                    "start": to_char(p.span.start), "end": to_char(p.span.end),
                    "lat": p.lat, "lon": p.lon, "canonical": p.canonical,
                    "kind": p.kind.as_str(), "country": p.country,
                    "confidence": p.confidence,
                })
            })
            .collect();
        docs += 1;
        toponyms += rows.len();
        let line = serde_json::json!({"docid": doc["docid"], "toponyms": rows});
        writeln!(out, "{line}").expect("write");
    }
    eprintln!("{docs} documents, {toponyms} toponyms");
}
