//! Hostile and broken input that the fixtures do not cover, made here so that
//! each case states its own shape: archives nested deeper than the limit (and
//! a zip of zips that multiplies), an archive over the total-size budget,
//! huge lines, NUL bytes and invalid UTF-8. Each must be refused or read with
//! a clear reason per file, never by a panic, a hang or an `Internal` error.
//! (Path traversal, absolute paths, symlink entries and the ratio bomb are in
//! `fixtures.rs`, over the files `make_fixtures.py` writes.)

use std::io::Write as _;
use std::time::Duration;

use dossier_readers::{read_file, Item, Limits, ReadErrorKind};

/// Limits as the importer uses them, with a time limit that turns a hang into
/// a failed test within minutes instead of never.
fn limits() -> Limits {
    Limits {
        max_read_time: Duration::from_secs(60),
        ..Limits::default()
    }
}

/// A ZIP of `(name, bytes)` entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const ARTICLE: &[u8] =
    b"Strike near Hillah\n\nA drone struck a base near Hillah on Tuesday, officials said.\n";

fn no_internal_errors(items: &[Item]) {
    for item in items {
        if let Err(err) = &item.result {
            assert_ne!(
                err.kind,
                ReadErrorKind::Internal,
                "{}: {}",
                item.name,
                err.message
            );
            assert!(
                !err.message.trim().is_empty(),
                "{}: no reason given",
                item.name
            );
        }
    }
}

fn text_of(item: &Item) -> &str {
    match &item.result {
        Ok(docs) => &docs[0].text,
        Err(err) => panic!("{}: refused: {}", item.name, err.message),
    }
}

#[test]
fn archives_nested_deeper_than_the_limit_are_refused_by_name_and_the_rest_read() {
    let limits = limits();
    // Level k holds an article and the archive of level k + 1.
    let mut archive = zip_of(&[("deepest.txt", ARTICLE)]);
    for level in (0..limits.max_archive_depth + 2).rev() {
        let inner = format!("level{}.zip", level + 1);
        archive = zip_of(&[
            (&format!("article{level}.txt"), ARTICLE),
            (&inner, &archive),
        ]);
    }
    let items = read_file("nested.zip", archive, &limits);
    no_internal_errors(&items);
    let read: Vec<&str> = items
        .iter()
        .filter(|i| i.result.is_ok())
        .map(|i| i.name.as_str())
        .collect();
    let refused: Vec<_> = items.iter().filter(|i| i.result.is_err()).collect();
    assert_eq!(refused.len(), 1, "one archive is too deep: {read:?}");
    let err = refused[0].result.as_ref().unwrap_err();
    assert_eq!(err.kind, ReadErrorKind::TooLarge);
    assert!(
        err.message.contains("nested more than 3 deep"),
        "{}",
        err.message
    );
    assert!(
        refused[0].name.ends_with(".zip"),
        "the message names the archive: {}",
        refused[0].name
    );
    // The articles above the limit are all read, each under its full path.
    assert_eq!(read.len(), limits.max_archive_depth as usize);
    assert!(read.contains(&"nested.zip/article0.txt"));
    assert!(read.contains(&"nested.zip/level1.zip/level2.zip/article2.txt"));
}

#[test]
fn a_zip_of_zips_cannot_multiply_past_the_entry_and_size_limits() {
    // 42.zip-style: every level holds the level below several times.
    let limits = Limits {
        max_archive_entries: 50,
        max_archive_total_bytes: 64 * 1024,
        ..limits()
    };
    let mut archive = zip_of(&[("a.txt", ARTICLE), ("padding.txt", &[b'x'; 20_000])]);
    // Three archives deep (the depth limit), 8 x 8 copies at the bottom.
    for _ in 0..2 {
        let copies: Vec<(String, Vec<u8>)> = (0..8)
            .map(|i| (format!("copy{i}.zip"), archive.clone()))
            .collect();
        let refs: Vec<(&str, &[u8])> = copies
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        archive = zip_of(&refs);
    }
    let items = read_file("bomb42.zip", archive, &limits);
    no_internal_errors(&items);
    // Nested archives share the budget of the file: 8 x 8 copies of 20 KB
    // would unpack to 1.3 MB, the budget is 64 KB and 50 files in all.
    let read: Vec<&Item> = items.iter().filter(|i| i.result.is_ok()).collect();
    let read_bytes: usize = read.iter().map(|i| i.bytes.len()).sum();
    assert!(
        read_bytes as u64 <= limits.max_archive_total_bytes,
        "{read_bytes} bytes read"
    );
    assert!(!read.is_empty(), "what fits the budget is read");
    let refusal = items
        .iter()
        .find_map(|i| i.result.as_ref().err())
        .expect("the rest is refused");
    assert_eq!(refusal.kind, ReadErrorKind::TooLarge);
    assert!(
        refusal.message.contains("archives inside it"),
        "{}",
        refusal.message
    );
}

#[test]
fn a_huge_single_line_is_read_without_hanging() {
    // 4 MB of words with no line break at all, in each text format.
    let line: String = (0..700_000)
        .map(|i| ["Hillah ", "drone ", "strike "][i % 3])
        .collect();
    for name in ["line.txt", "line.md", "line.html"] {
        let items = read_file(name, line.clone().into_bytes(), &limits());
        no_internal_errors(&items);
        assert_eq!(items.len(), 1, "{name}");
        let text = text_of(&items[0]);
        assert!(
            text.len() > 3_000_000,
            "{name}: the text is kept, {} bytes",
            text.len()
        );
    }
}

#[test]
fn text_beyond_the_text_limit_is_cut_with_a_warning() {
    let limits = Limits {
        max_text_bytes: 100_000,
        ..limits()
    };
    let big: String = "Officials in Hillah said a drone struck the base. ".repeat(10_000);
    let items = read_file("long.txt", big.into_bytes(), &limits);
    match &items[0].result {
        Ok(docs) => {
            assert!(docs[0].text.len() <= 100_000);
            assert!(
                docs[0].warnings.iter().any(|w| w.contains("text cut")),
                "{:?}",
                docs[0].warnings
            );
        }
        Err(err) => panic!("refused: {}", err.message),
    }
}

#[test]
fn nul_bytes_in_text_become_spaces_with_a_warning() {
    let mut bytes = ARTICLE.to_vec();
    bytes.splice(20..20, [0u8, 0, 0]);
    for name in ["nul.txt", "nul.md", "nul.html", "nul.eml"] {
        let input = if name.ends_with(".eml") {
            [
                b"Subject: Strike\r\nFrom: desk@example.org\r\n\r\n".as_slice(),
                &bytes,
            ]
            .concat()
        } else {
            bytes.clone()
        };
        let items = read_file(name, input, &limits());
        no_internal_errors(&items);
        let doc = match &items[0].result {
            Ok(docs) => &docs[0],
            Err(err) => panic!("{name}: refused: {}", err.message),
        };
        assert!(!doc.text.contains('\0'), "{name}: NUL kept in the text");
        assert!(
            doc.title.as_deref().is_none_or(|t| !t.contains('\0')),
            "{name}: NUL kept in the title"
        );
        assert!(doc.text.contains("Hillah"), "{name}: {:?}", doc.text);
        // The HTML parser drops NULs itself, as the HTML standard says; the
        // other readers keep the text as it is, and dispatch says what it did.
        assert!(
            name.ends_with(".html") || doc.warnings.iter().any(|w| w.contains("NUL")),
            "{name}: the change is reported: {:?}",
            doc.warnings
        );
    }
    // Mostly NULs is binary data, not text: refused with that reason.
    let items = read_file("nuls.txt", vec![0u8; 5000], &limits());
    let err = items[0].result.as_ref().unwrap_err();
    assert_eq!(err.kind, ReadErrorKind::NotText, "{}", err.message);
}

#[test]
fn invalid_utf8_is_decoded_as_windows_1252_never_refused_or_mangled() {
    // "Café" in Latin-1, then a stray continuation byte and a truncated sequence.
    let bytes =
        b"Caf\xe9 talks in Erbil\n\nThe caf\xe9 owner \x80said \xe2\x82 talks went on.\n".to_vec();
    let items = read_file("latin1.txt", bytes, &limits());
    no_internal_errors(&items);
    let text = text_of(&items[0]);
    assert!(text.contains("Café talks in Erbil"), "{text:?}");
    assert!(!text.contains('\u{FFFD}'), "{text:?}");
    // Invalid UTF-8 under a UTF-8 charset label in an e-mail: read, not refused.
    let mail = b"Subject: Erbil\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe caf\xe9 in Erbil \xff\xfe reopened, officials said.\r\n".to_vec();
    let items = read_file("bad.eml", mail, &limits());
    no_internal_errors(&items);
    assert!(text_of(&items[0]).contains("Erbil"));
}

#[test]
fn hostile_entry_names_never_become_paths() {
    // Names a ZIP writer is happy to store; each refused by name, the good one read.
    let archive = zip_of(&[
        ("../../outside.txt", ARTICLE),
        ("/etc/cron.d/job.txt", ARTICLE),
        ("C:\\Windows\\evil.txt", ARTICLE),
        ("fine/report.txt", ARTICLE),
    ]);
    let items = read_file("names.zip", archive, &limits());
    no_internal_errors(&items);
    let refused: Vec<_> = items
        .iter()
        .filter_map(|i| i.result.as_ref().err().map(|e| (i.name.as_str(), e)))
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert!(refused
        .iter()
        .all(|(_, e)| e.kind == ReadErrorKind::UnsafePath));
    assert!(refused
        .iter()
        .any(|(n, e)| n.contains("outside.txt") && e.message.contains("..")));
    let read: Vec<_> = items.iter().filter(|i| i.result.is_ok()).collect();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].name, "names.zip/fine/report.txt");
}
