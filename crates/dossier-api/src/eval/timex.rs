//! Writes the temporal tagger's predictions for a directory of TimeML files
//! in the format of `shared/eval-tools/timex_score.py` (TempEval-3 Task A):
//! one JSON line per document, `{"docid", "timexes": [{"start", "end",
//! "type", "value"}]}`, with character (not byte) offsets into the
//! tag-stripped `<TEXT>` content, each document resolved against its
//! creation time (DCT).
//!
//! The text is rebuilt exactly as the scorer's `timeml.py` does it, so that
//! offsets agree: every `<name ...>` or `</name>` tag inside `<TEXT>` is
//! removed and the text between tags is entity-unescaped.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dossier_analysis::time;
use dossier_readers::text::decode_basic_entities;
use serde::Serialize;

/// One TimeML document as the scorer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TimemlDoc {
    pub docid: String,
    /// The DCT's `value`, when there is one.
    pub dct: Option<String>,
    pub text: String,
}

#[derive(Serialize)]
struct Prediction<'a> {
    docid: &'a str,
    timexes: Vec<PredTimex>,
}

#[derive(Serialize)]
struct PredTimex {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: &'static str,
    value: String,
}

/// Tags every `.tml` file under `dir` (recursively, in path order) and writes
/// one prediction line per document to `out`. Returns how many documents
/// were written; unreadable files are an error, files without `<TEXT>` are
/// skipped.
pub fn write_timex_predictions(dir: &Path, out: &mut dyn Write) -> io::Result<usize> {
    let mut files = Vec::new();
    collect_tml(dir, &mut files)?;
    files.sort();
    let mut written = 0;
    for path in files {
        let raw = fs::read_to_string(&path)?;
        let Some(doc) = parse_timeml(&raw, &path.to_string_lossy()) else {
            continue;
        };
        let reference = doc.dct.as_deref().and_then(parse_dct);
        let timexes = time::tag(&doc.text, reference);
        let to_char = char_offsets(&doc.text);
        let prediction = Prediction {
            docid: &doc.docid,
            timexes: timexes
                .into_iter()
                .map(|t| PredTimex {
                    start: to_char(t.span.start),
                    end: to_char(t.span.end),
                    kind: t.kind.as_str(),
                    value: t.value,
                })
                .collect(),
        };
        serde_json::to_writer(&mut *out, &prediction)?;
        out.write_all(b"\n")?;
        written += 1;
    }
    Ok(written)
}

fn collect_tml(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_tml(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "tml") {
            files.push(path);
        }
    }
    Ok(())
}

/// The DCT's day: "2013-03-22", "19980807", or a longer value starting with
/// either ("1998-08-07T12:00").
fn parse_dct(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    let day = v
        .get(..10)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    day.or_else(|| {
        v.get(..8)
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y%m%d").ok())
    })
}

/// A function from byte offsets in `text` to character offsets (Python's
/// string indices), for offsets on character boundaries.
fn char_offsets(text: &str) -> impl Fn(usize) -> usize + '_ {
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    move |byte| starts.partition_point(|&b| b < byte)
}

/// Reads a TimeML document as `timeml.py` does; `None` without `<TEXT>`.
pub fn parse_timeml(raw: &str, fallback_id: &str) -> Option<TimemlDoc> {
    let docid = between(raw, "<DOCID>", "</DOCID>")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| fallback_id.to_string());
    let dct = dct_value(raw);
    let start = raw.find("<TEXT>")? + "<TEXT>".len();
    let end = raw.find("</TEXT>")?;
    let body = raw.get(start..end)?;
    Some(TimemlDoc {
        docid,
        dct,
        text: strip_tags(body),
    })
}

fn between<'a>(raw: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let s = raw.find(open)? + open.len();
    let e = raw[s..].find(close)? + s;
    raw.get(s..e)
}

/// The `value` attribute of the first `<TIMEX3 ...>` right after `<DCT>`.
fn dct_value(raw: &str) -> Option<String> {
    let after = &raw[raw.find("<DCT>")? + "<DCT>".len()..];
    let after = after.trim_start().strip_prefix("<TIMEX3")?;
    let attrs = &after[..after.find('>')?];
    let v = &attrs[attrs.find("value")? + "value".len()..];
    let v = v
        .trim_start()
        .strip_prefix('=')?
        .trim_start()
        .strip_prefix('"')?;
    Some(v[..v.find('"')?].to_string())
}

/// Removes tags (`<` `/`? name-chars `[^>]*` `>`, the scorer's regular
/// expression) and unescapes entities in the text between them.
fn strip_tags(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chunk_start = 0;
    let mut i = 0;
    let bytes = body.as_bytes();
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if let Some(end) = tag_end(bytes, i) {
                out.push_str(&decode_basic_entities(&body[chunk_start..i]));
                i = end;
                chunk_start = end;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&decode_basic_entities(&body[chunk_start..]));
    out
}

/// The offset just past the tag starting at `at`, if one does.
fn tag_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut j = at + 1;
    if bytes.get(j) == Some(&b'/') {
        j += 1;
    }
    let name_start = j;
    while bytes
        .get(j)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        j += 1;
    }
    if j == name_start {
        return None;
    }
    let close = bytes[j..].iter().position(|&b| b == b'>')?;
    Some(j + close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<?xml version=\"1.0\" ?>\n<TimeML>\n<DOCID>ABC1</DOCID>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2023-11-22\" functionInDocument=\"CREATION_TIME\">11/22/2023</TIMEX3></DCT>\n<TEXT>\nUS strikes &amp; Iraq — <EVENT eid=\"e1\">said</EVENT> <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2023-11-21\">Tuesday</TIMEX3>.\n</TEXT>\n</TimeML>\n";

    #[test]
    fn parses_like_the_scorer() {
        let doc = parse_timeml(DOC, "x").unwrap();
        assert_eq!(doc.docid, "ABC1");
        assert_eq!(doc.dct.as_deref(), Some("2023-11-22"));
        assert_eq!(doc.text, "\nUS strikes & Iraq — said Tuesday.\n");
    }

    #[test]
    fn writes_character_offsets() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.tml"), DOC).unwrap();
        let mut out = Vec::new();
        assert_eq!(write_timex_predictions(dir.path(), &mut out).unwrap(), 1);
        let line: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let t = &line["timexes"][0];
        // "\nUS strikes & Iraq — said " is 26 characters (the dash is 3 bytes).
        assert_eq!(
            (t["start"].as_u64(), t["end"].as_u64()),
            (Some(26), Some(33))
        );
        assert_eq!(t["value"], "2023-11-21");
        assert_eq!(t["type"], "DATE");
    }

    /// Writes predictions for `DOSSIER_TIMEX_DIR` to `DOSSIER_TIMEX_OUT`, for
    /// the scorer: `cargo test -p dossier-api timex_predictions -- --ignored`.
    #[test]
    #[ignore]
    fn timex_predictions() {
        let (Ok(dir), Ok(out)) = (
            std::env::var("DOSSIER_TIMEX_DIR"),
            std::env::var("DOSSIER_TIMEX_OUT"),
        ) else {
            return;
        };
        let mut file = io::BufWriter::new(fs::File::create(out).unwrap());
        let n = write_timex_predictions(Path::new(&dir), &mut file).unwrap();
        file.flush().unwrap();
        eprintln!("{n} documents");
    }
}
