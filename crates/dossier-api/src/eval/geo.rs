//! Writes toponym predictions for a gold JSONL file in the format of
//! `shared/eval-tools/geo_score.py`: one line per document, `{"docid",
//! "toponyms": [{"start", "end", "lat", "lon"}]}`, with character (Python
//! string index) offsets into the document's `text`. Each document goes
//! through the built-in entity tagger and the toponym resolver, exactly as an
//! imported article would, and demonyms are added as toponyms of the place
//! they name, which is how the gold sets count them and not what the app's
//! map shows (`geo::demonyms`); the gold toponyms are not looked at, unless
//! `gold_spans` asks to resolve exactly the gold spans (toponym resolution
//! alone, for the scorer's `--oracle` mode). Places the resolver is unsure of
//! (`geo::Place::is_doubtful`) are left out, as the app holds them off the
//! map for the user to confirm, unless `with_doubtful` asks for them.

use std::io::{self, BufRead, Write};
use std::path::Path;

use dossier_analysis::geo;
use dossier_analysis::ner::{EntityMention, Label, NerModel};
use dossier_core::Span;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct GoldDoc {
    docid: String,
    text: String,
    #[serde(default)]
    toponyms: Vec<GoldSpan>,
}

/// A gold toponym's character span.
#[derive(Deserialize)]
struct GoldSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Prediction<'a> {
    docid: &'a str,
    toponyms: Vec<PredToponym>,
}

#[derive(Serialize)]
struct PredToponym {
    start: usize,
    end: usize,
    lat: f64,
    lon: f64,
    /// Which gazetteer entry was chosen, for reading errors (the scorer
    /// reads only the span and the point): the GeoNames id when the entry
    /// has one, as the gold sets give it.
    #[serde(skip_serializing_if = "Option::is_none")]
    geonameid: Option<String>,
    name: String,
    kind: String,
}

/// How to run: which spans to resolve, and whether to write held guesses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeoEval {
    pub gold_spans: bool,
    pub with_doubtful: bool,
}

/// What a run covered, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeoRun {
    pub documents: usize,
    pub toponyms: usize,
    /// Doubtful places left out (0 with `with_doubtful`).
    pub held: usize,
}

/// Resolves the places of every document of the JSONL file `gold` and writes
/// one prediction line per document to `out`. With `gold_spans`, the gold
/// toponym spans are given to the resolver as location mentions (the
/// tagger's other mentions still give context), so that only resolution is
/// measured.
pub fn write_geo_predictions(gold: &Path, how: GeoEval, out: &mut dyn Write) -> io::Result<GeoRun> {
    let file = io::BufReader::new(std::fs::File::open(gold)?);
    let mut run = GeoRun::default();
    for line in file.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDoc = serde_json::from_str(&line)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let (prediction, held) = predict(&doc, how);
        run.documents += 1;
        run.toponyms += prediction.toponyms.len();
        run.held += held;
        serde_json::to_writer(&mut *out, &prediction)?;
        out.write_all(b"\n")?;
    }
    Ok(run)
}

fn predict(doc: &GoldDoc, how: GeoEval) -> (Prediction<'_>, usize) {
    let mut mentions = NerModel::builtin().entities(&doc.text);
    if how.gold_spans {
        mentions = with_gold_spans(doc, mentions);
    }
    // The gold sets count demonyms ("Iraqi", "Palestinians") as toponyms
    // geocoded to the place they name; the app keeps them as context only
    // (see `geo::demonyms`).
    let mut places = geo::places_with_demonyms(&doc.text, &mentions);
    let found = places.len();
    if !how.with_doubtful {
        places.retain(|p| !p.is_doubtful());
    }
    let held = found - places.len();
    let to_char = char_offsets(&doc.text);
    let prediction = Prediction {
        docid: &doc.docid,
        toponyms: places
            .into_iter()
            .map(|p| PredToponym {
                start: to_char(p.span.start),
                end: to_char(p.span.end),
                lat: p.lat,
                lon: p.lon,
                geonameid: (!p.entry.is_synthetic()).then(|| p.entry.0.to_string()),
                name: p.canonical,
                kind: format!("{:?}", p.kind),
            })
            .collect(),
    };
    (prediction, held)
}

/// The gold toponyms as LOC mentions, and the tagger's mentions that do not
/// overlap them.
fn with_gold_spans(doc: &GoldDoc, tagged: Vec<EntityMention>) -> Vec<EntityMention> {
    let bytes: Vec<usize> = doc
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain([doc.text.len()])
        .collect();
    let gold: Vec<Span> = doc
        .toponyms
        .iter()
        .filter(|t| t.start < t.end && t.end < bytes.len())
        .map(|t| Span::new(bytes[t.start], bytes[t.end]))
        .collect();
    let mut mentions: Vec<EntityMention> = tagged
        .into_iter()
        .filter(|m| {
            !gold
                .iter()
                .any(|g| g.start < m.span.end && m.span.start < g.end)
        })
        .chain(gold.iter().map(|&span| EntityMention {
            span,
            label: Label::Loc,
        }))
        .collect();
    mentions.sort_by_key(|m| (m.span.start, m.span.end));
    mentions
}

/// A function from byte offsets in `text` to character offsets (Python's
/// string indices), for offsets on character boundaries.
fn char_offsets(text: &str) -> impl Fn(usize) -> usize + '_ {
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    move |byte| starts.partition_point(|&b| b < byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_character_offsets_and_coordinates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.jsonl");
        // "Mósul" puts a two-byte character before Baghdad: byte and
        // character offsets differ from there on.
        let text = "Fighting near Mósul spread to Baghdad on Monday, officials in Iraq said.";
        let line = serde_json::json!({"docid": "d1", "text": text, "toponyms": []});
        std::fs::write(&path, format!("{line}\n")).unwrap();
        let mut out = Vec::new();
        let run = write_geo_predictions(&path, GeoEval::default(), &mut out).unwrap();
        assert_eq!(run.documents, 1);
        let pred: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(pred["docid"], "d1");
        let chars: Vec<char> = text.chars().collect();
        let baghdad = pred["toponyms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| {
                let (s, e) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
                chars[s as usize..e as usize].iter().collect::<String>() == "Baghdad"
            })
            .expect("Baghdad at its character offsets");
        assert!((baghdad["lat"].as_f64().unwrap() - 33.34).abs() < 0.1);
        assert!((baghdad["lon"].as_f64().unwrap() - 44.40).abs() < 0.1);
    }

    #[test]
    fn gold_spans_are_resolved_even_when_the_tagger_misses_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.jsonl");
        // Lower-case "kirkuk" is no entity for the tagger.
        let text = "Oil from kirkuk reached the port.";
        let start = text.find("kirkuk").unwrap();
        let line = serde_json::json!({"docid": "d2", "text": text,
            "toponyms": [{"start": start, "end": start + 6}]});
        std::fs::write(&path, format!("{line}\n")).unwrap();
        let mut plain = Vec::new();
        write_geo_predictions(&path, GeoEval::default(), &mut plain).unwrap();
        let plain: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        assert_eq!(plain["toponyms"].as_array().unwrap().len(), 0);
        let mut oracle = Vec::new();
        let gold_spans = GeoEval {
            gold_spans: true,
            ..GeoEval::default()
        };
        write_geo_predictions(&path, gold_spans, &mut oracle).unwrap();
        let oracle: serde_json::Value = serde_json::from_slice(&oracle).unwrap();
        let t = &oracle["toponyms"][0];
        assert_eq!(t["start"].as_u64(), Some(start as u64));
        assert!((t["lat"].as_f64().unwrap() - 35.47).abs() < 0.3, "{oracle}");
    }

    #[test]
    fn doubtful_places_are_written_only_when_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.jsonl");
        let text = "The council in Springfield voted on Monday to close the library.";
        let line = serde_json::json!({"docid": "d3", "text": text, "toponyms": []});
        std::fs::write(&path, format!("{line}\n")).unwrap();
        let toponyms = |how: GeoEval| {
            let mut out = Vec::new();
            let run = write_geo_predictions(&path, how, &mut out).unwrap();
            let pred: serde_json::Value = serde_json::from_slice(&out).unwrap();
            (run.held, pred["toponyms"].as_array().unwrap().len())
        };
        assert_eq!(toponyms(GeoEval::default()), (1, 0));
        let all = GeoEval {
            with_doubtful: true,
            ..GeoEval::default()
        };
        assert_eq!(toponyms(all), (0, 1));
    }
}
