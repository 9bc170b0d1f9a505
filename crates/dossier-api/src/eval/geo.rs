//! Writes toponym predictions for a gold JSONL file in the format of
//! `shared/eval-tools/geo_score.py`: one line per document, `{"docid",
//! "toponyms": [{"start", "end", "lat", "lon"}]}`, with character (Python
//! string index) offsets into the document's `text`. Each document goes
//! through the built-in entity tagger and the toponym resolver, exactly as an
//! imported article would; the gold toponyms are never looked at.

use std::io::{self, BufRead, Write};
use std::path::Path;

use dossier_analysis::{geo, ner::NerModel};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct GoldDoc {
    docid: String,
    text: String,
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
}

/// What a run covered, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeoRun {
    pub documents: usize,
    pub toponyms: usize,
}

/// Resolves the places of every document of the JSONL file `gold` and writes
/// one prediction line per document to `out`.
pub fn write_geo_predictions(gold: &Path, out: &mut dyn Write) -> io::Result<GeoRun> {
    let file = io::BufReader::new(std::fs::File::open(gold)?);
    let mut run = GeoRun::default();
    for line in file.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDoc = serde_json::from_str(&line)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let prediction = predict(&doc);
        run.documents += 1;
        run.toponyms += prediction.toponyms.len();
        serde_json::to_writer(&mut *out, &prediction)?;
        out.write_all(b"\n")?;
    }
    Ok(run)
}

fn predict(doc: &GoldDoc) -> Prediction<'_> {
    let mentions = NerModel::builtin().entities(&doc.text);
    let places = geo::resolve(&doc.text, &mentions);
    let to_char = char_offsets(&doc.text);
    Prediction {
        docid: &doc.docid,
        toponyms: places
            .into_iter()
            .map(|p| PredToponym {
                start: to_char(p.span.start),
                end: to_char(p.span.end),
                lat: p.lat,
                lon: p.lon,
            })
            .collect(),
    }
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
        let run = write_geo_predictions(&path, &mut out).unwrap();
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
}
