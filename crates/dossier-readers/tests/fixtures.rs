//! Every reader over the real files in `tests/fixtures/` (made by
//! `tests/fixtures/make_fixtures.py`): one test per fixture, each stating what
//! the file must read as — title, authors, date, a phrase of the text, how many
//! articles — or which error it must be refused with and that the message
//! names the reason. Files go through `read_file`, as the importer calls it,
//! so reader choice, archive expansion and error containment are covered too.

use std::path::PathBuf;

use dossier_core::RegionKind;
use dossier_readers::{read_file, Document, Item, Limits, ReadErrorKind};

/// What one article must look like; `None` and empty fields are not checked.
#[derive(Default)]
struct Article<'a> {
    title: Option<&'a str>,
    authors: Option<&'a [&'a str]>,
    /// The date as `DocDate` displays it ("2023-11-22T06:05").
    date: Option<&'a str>,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
    language: Option<&'a str>,
    /// Phrases the text must contain.
    phrases: &'a [&'a str],
    /// Things the text must not contain (markup, escapes, junk).
    absent: &'a [&'a str],
    /// Region kinds the text must have, with the text each one covers.
    regions: &'a [(RegionKind, &'a str)],
}

/// An archive entry's outcome: a phrase of its text, or a refusal's kind and words.
type EntryOutcome<'a> = Result<&'a str, (ReadErrorKind, &'a str)>;

/// What reading one fixture must give.
enum Expect<'a> {
    /// One file, one article.
    Article(Article<'a>),
    /// One file, several articles in order (a mailbox).
    Articles(Vec<Article<'a>>),
    /// Refused with this kind, and the message contains these words.
    Refused(ReadErrorKind, &'a str),
    /// An archive: one item per entry, by name suffix, read or refused.
    Entries(Vec<(&'a str, EntryOutcome<'a>)>),
}

fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(rel)
}

/// Reads a fixture as the importer would and asserts the expected outcome.
/// Returns the items for checks particular to one test.
fn check(rel: &str, expected: Expect<'_>) -> Vec<Item> {
    let bytes = std::fs::read(fixture_path(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e} (run make_fixtures.py)"));
    let items = read_file(rel, bytes, &Limits::default());
    match &expected {
        Expect::Article(article) => {
            assert_eq!(items.len(), 1, "{rel}: one item expected");
            let docs = documents(rel, &items[0]);
            assert_eq!(docs.len(), 1, "{rel}: one article expected");
            check_article(rel, &docs[0], article);
        }
        Expect::Articles(articles) => {
            assert_eq!(items.len(), 1, "{rel}: one item expected");
            let docs = documents(rel, &items[0]);
            assert_eq!(docs.len(), articles.len(), "{rel}: number of articles");
            for (doc, article) in docs.iter().zip(articles) {
                check_article(rel, doc, article);
            }
        }
        Expect::Refused(kind, words) => {
            assert_eq!(items.len(), 1, "{rel}: one item expected");
            check_refusal(rel, &items[0], *kind, words);
        }
        Expect::Entries(entries) => {
            let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
            assert_eq!(items.len(), entries.len(), "{rel}: entries read: {names:?}");
            for (suffix, outcome) in entries {
                let item = items
                    .iter()
                    .find(|i| i.name.ends_with(suffix))
                    .unwrap_or_else(|| {
                        panic!("{rel}: no entry ending in {suffix:?} among {names:?}")
                    });
                match outcome {
                    Ok(phrase) => {
                        let docs = documents(&item.name, item);
                        assert!(
                            docs.iter().any(|d| d.text.contains(phrase)),
                            "{}: {phrase:?} not in {:?}",
                            item.name,
                            docs.iter().map(|d| &d.text).collect::<Vec<_>>()
                        );
                    }
                    Err((kind, words)) => check_refusal(&item.name, item, *kind, words),
                }
            }
        }
    }
    items
}

fn documents<'i>(name: &str, item: &'i Item) -> &'i [Document] {
    match &item.result {
        Ok(docs) => docs,
        Err(err) => panic!("{name}: refused ({:?}): {}", err.kind, err.message),
    }
}

fn check_refusal(name: &str, item: &Item, kind: ReadErrorKind, words: &str) {
    match &item.result {
        Ok(docs) => panic!(
            "{name}: read as {} article(s), expected a {kind:?} refusal",
            docs.len()
        ),
        Err(err) => {
            assert_eq!(err.kind, kind, "{name}: {}", err.message);
            assert!(
                err.message.to_lowercase().contains(&words.to_lowercase()),
                "{name}: message {:?} does not say {words:?}",
                err.message
            );
        }
    }
}

fn check_article(name: &str, doc: &Document, want: &Article<'_>) {
    if let Some(title) = want.title {
        assert_eq!(doc.title.as_deref(), Some(title), "{name}: title");
    }
    if let Some(authors) = want.authors {
        assert_eq!(doc.authors, authors, "{name}: authors");
    }
    if let Some(date) = want.date {
        assert_eq!(
            doc.published.map(|d| d.to_string()).as_deref(),
            Some(date),
            "{name}: date"
        );
        assert!(
            doc.published_source.is_some(),
            "{name}: a date needs its source"
        );
    }
    if let Some(outlet) = want.outlet {
        assert_eq!(doc.outlet.as_deref(), Some(outlet), "{name}: outlet");
    }
    if let Some(url) = want.url {
        assert_eq!(doc.url.as_deref(), Some(url), "{name}: url");
    }
    if let Some(language) = want.language {
        assert_eq!(doc.language.as_deref(), Some(language), "{name}: language");
    }
    for phrase in want.phrases {
        assert!(
            doc.text.contains(phrase),
            "{name}: {phrase:?} not in text:\n{}",
            doc.text
        );
    }
    for junk in want.absent {
        assert!(
            !doc.text.contains(junk),
            "{name}: {junk:?} should not be in text:\n{}",
            doc.text
        );
    }
    for (kind, covered) in want.regions {
        let found = doc
            .regions
            .iter()
            .any(|r| r.kind == *kind && doc.text.get(r.span.start..r.span.end) == Some(*covered));
        assert!(
            found,
            "{name}: no {kind:?} region over {covered:?}; regions: {:?}",
            doc.regions
        );
    }
    for region in &doc.regions {
        assert!(
            doc.text.is_char_boundary(region.span.start)
                && doc.text.is_char_boundary(region.span.end),
            "{name}: region off char boundary"
        );
    }
}

// ---------------------------------------------------------------- plain text

const CAFE: &str = "Café in Hillah – naïve reports";

#[test]
fn txt_utf8() {
    check(
        "txt/utf8.txt",
        Expect::Article(Article {
            title: Some(CAFE),
            phrases: &["Jurf al-Sakhar"],
            ..Default::default()
        }),
    );
}

#[test]
fn txt_utf8_with_bom() {
    check(
        "txt/utf8_bom.txt",
        Expect::Article(Article {
            title: Some(CAFE),
            absent: &["\u{feff}"],
            ..Default::default()
        }),
    );
}

#[test]
fn txt_utf16le_with_bom() {
    check(
        "txt/utf16le_bom.txt",
        Expect::Article(Article {
            title: Some(CAFE),
            phrases: &["Ain al-Asad"],
            ..Default::default()
        }),
    );
}

#[test]
fn txt_windows_1252() {
    check(
        "txt/windows1252.txt",
        Expect::Article(Article {
            title: Some(CAFE),
            phrases: &["naïve"],
            ..Default::default()
        }),
    );
}

// ---------------------------------------------------------------- Markdown

#[test]
fn md_front_matter_gives_metadata_and_markup_is_stripped() {
    check(
        "md/front_matter.md",
        Expect::Article(Article {
            title: Some("Strike in Hillah follows drone attack on Erbil"),
            authors: Some(&["Jane Doe", "John Roe"]),
            date: Some("2023-11-24"),
            outlet: Some("Example Wire"),
            url: Some("https://example.org/hillah-strike"),
            language: Some("en"),
            phrases: &[
                "A drone attack on Erbil airport was followed by a strike in Hillah overnight.",
                "raw_code *kept* as text",
            ],
            absent: &[
                "**",
                "](",
                "smoke.jpg",
                "Smoke over Hillah",
                "title:",
                "---",
            ],
            regions: &[
                (
                    RegionKind::Headline,
                    "Strike in Hillah follows drone attack on Erbil",
                ),
                (RegionKind::Heading, "What officials said"),
                (
                    RegionKind::Quote,
                    "\"We will respond,\" a CENTCOM spokesman said.",
                ),
                (RegionKind::ListItem, "Kirkuk"),
                (RegionKind::ListItem, "Mosul"),
            ],
        }),
    );
}

#[test]
fn md_first_heading_is_the_title() {
    check(
        "md/heading_title.md",
        Expect::Article(Article {
            title: Some("Notes on Jurf al-Sakhar"),
            phrases: &["Some emphasis and code_span here.\n\nFirst point about Makhmour"],
            regions: &[
                (RegionKind::Headline, "Notes on Jurf al-Sakhar"),
                (RegionKind::ListItem, "Second point about Zumar"),
            ],
            ..Default::default()
        }),
    );
}

// ---------------------------------------------------------------- HTML

#[test]
fn html_saved_page() {
    check(
        "html/saved_page.html",
        Expect::Article(Article {
            title: Some("US strikes kill eight south of Baghdad"),
            date: Some("2023-11-22T06:00"),
            phrases: &["Jurf al-Sakhar", "45th and 46th brigades"],
            absent: &["do not import me", "<p>"],
            ..Default::default()
        }),
    );
}

// ---------------------------------------------------------------- PDF

#[test]
fn pdf_text_layer_metadata_and_paragraphs() {
    let items = check(
        "pdf/article.pdf",
        Expect::Article(Article {
            title: Some("US strikes kill eight militia fighters in Iraq"),
            authors: Some(&["Jane Doe", "John Roe"]),
            date: Some("2023-11-22T06:05"),
            language: Some("en-GB"),
            // De-hyphenated across lines, joined across the page break.
            phrases: &[
                "according to a government statement issued in Baghdad.",
                "had vowed to respond to any further strikes",
            ],
            absent: &["govern-", "\x0c"],
            ..Default::default()
        }),
    );
    let doc = &documents("article.pdf", &items[0])[0];
    let paragraphs: Vec<&str> = doc.text.split("\n\n").collect();
    assert_eq!(
        paragraphs.len(),
        4,
        "headline and three paragraphs: {paragraphs:?}"
    );
    assert_eq!(
        paragraphs[0],
        "US strikes kill eight militia fighters in Iraq"
    );
    assert!(
        paragraphs[3].starts_with("A separate strike hit Hillah"),
        "{paragraphs:?}"
    );
}

#[test]
fn pdf_truncated_is_corrupt() {
    check(
        "pdf/truncated.pdf",
        Expect::Refused(ReadErrorKind::Corrupt, "damaged or truncated"),
    );
}

#[test]
fn pdf_encrypted_is_refused() {
    check(
        "pdf/encrypted.pdf",
        Expect::Refused(
            ReadErrorKind::Encrypted,
            "the PDF is encrypted / password-protected",
        ),
    );
}

#[test]
fn pdf_without_text_layer_says_no_ocr() {
    check(
        "pdf/scanned.pdf",
        Expect::Refused(
            ReadErrorKind::NoText,
            "the PDF has no text layer (scanned image?); Dossier does not do OCR",
        ),
    );
}

// ---------------------------------------------------------------- e-mail

#[test]
fn eml_plain_message() {
    check(
        "eml/plain.eml",
        Expect::Article(Article {
            title: Some("Notes on the Hillah strike"),
            authors: Some(&["Jane Doe"]),
            date: Some("2023-11-24T21:40"),
            phrases: &[
                "A strike hit Hillah overnight",
                "Casualty figures differ between sources.",
            ],
            absent: &["\r", "Content-Type"],
            ..Default::default()
        }),
    );
}

#[test]
fn eml_html_newsletter_quoted_printable() {
    let items = check(
        "eml/newsletter_html.eml",
        Expect::Article(Article {
            title: Some("Iraq briefing: strikes near Baghdad — 22 Nov"),
            authors: Some(&["Middle East Brief"]),
            date: Some("2023-11-22T07:30"),
            outlet: Some("Middle East Brief"),
            url: Some("https://example-news.com/briefing/2023-11-22?utm=mail&id=7"),
            phrases: &[
                "killing eight members of the group — a sharp escalation",
                "Mohammed Shia Al-Sudani condemned the strikes.",
            ],
            absent: &["<p>", "=\r\n", "=E2", "margin: 0"],
            // Mailing furniture stays in the text but is marked so analysis skips it.
            regions: &[
                (RegionKind::Boilerplate, "View this email in your browser"),
                (RegionKind::Boilerplate, "Unsubscribe"),
            ],
            ..Default::default()
        }),
    );
    // The HTML body won over the plain stub.
    let doc = &documents("newsletter", &items[0])[0];
    assert!(
        !doc.text.contains("View this email in your browser:"),
        "{}",
        doc.text
    );
}

#[test]
fn eml_windows_1252_charset() {
    check(
        "eml/cp1252.eml",
        Expect::Article(Article {
            title: Some("Sécurité à Kirkouk"),
            authors: Some(&["Renée Dupré"]),
            date: Some("2023-11-23T09:15"),
            phrases: &["La sécurité à Kirkouk reste “fragile”, selon les autorités."],
            ..Default::default()
        }),
    );
}

#[test]
fn eml_without_headers_is_corrupt() {
    check(
        "eml/no_headers.eml",
        Expect::Refused(ReadErrorKind::Corrupt, "no mail headers"),
    );
}

// ---------------------------------------------------------------- mbox

#[test]
fn mbox_three_messages_with_from_quoting_and_byte_ranges() {
    let items = check(
        "mbox/three.mbox",
        Expect::Articles(vec![
            Article {
                title: Some("Erbil airport attack"),
                authors: Some(&["Jane Doe"]),
                date: Some("2023-11-24T08:00"),
                ..Default::default()
            },
            Article {
                title: Some("Archive note"),
                phrases: &[
                    "From the archives: the base at Ain al-Asad was hit before.\n>From here on",
                ],
                absent: &[">From the archives"],
                ..Default::default()
            },
            Article {
                title: Some("Hillah strike follow-up"),
                phrases: &["new casualty figures"],
                ..Default::default()
            },
        ]),
    );
    // Each part is that message's bytes in the file, and reads back as an .eml.
    let docs = documents("three.mbox", &items[0]);
    for doc in docs {
        let (start, end) = doc.part.expect("mbox messages carry their byte range");
        let slice = items[0].bytes[start..end].to_vec();
        assert!(
            slice.starts_with(b"From: "),
            "{:?}",
            String::from_utf8_lossy(&slice)
        );
        let again = read_file("part.eml", slice, &Limits::default());
        assert_eq!(documents("part.eml", &again[0])[0].title, doc.title);
    }
}

#[test]
fn mbox_broken_message_is_skipped_with_a_warning() {
    let items = check(
        "mbox/one_broken.mbox",
        Expect::Articles(vec![Article {
            title: Some("Erbil airport attack"),
            ..Default::default()
        }]),
    );
    let warnings = &documents("one_broken.mbox", &items[0])[0].warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("message 2") && w.contains("skipped")),
        "{warnings:?}"
    );
}

#[test]
fn mbox_message_limit_reads_the_first_messages_and_says_so() {
    let bytes = std::fs::read(fixture_path("mbox/three.mbox")).unwrap();
    let limits = Limits {
        max_messages: 2,
        ..Limits::default()
    };
    let items = read_file("three.mbox", bytes, &limits);
    let docs = documents("three.mbox", &items[0]);
    assert_eq!(docs.len(), 2);
    assert!(
        docs[0]
            .warnings
            .iter()
            .any(|w| w.contains("only the first 2")),
        "{:?}",
        docs[0].warnings
    );
}

// ---------------------------------------------------------------- DOCX

#[test]
fn docx_paragraphs_styles_and_core_properties() {
    check(
        "docx/article.docx",
        Expect::Article(Article {
            // The Title-styled paragraph beats the template's dc:title.
            title: Some("US strikes kill eight south of Baghdad"),
            authors: Some(&["Jane Doe", "John Roe"]),
            date: Some("2023-11-22T06:00"),
            language: Some("en-GB"),
            phrases: &[
                "US forces struck two facilities used by Kataib Hezbollah & allied groups near Jurf al-Sakhar.\n\nReaction",
                "Places mentioned:\tBaghdad",
            ],
            absent: &["&amp;", "<w:"],
            regions: &[
                (RegionKind::Headline, "US strikes kill eight south of Baghdad"),
                (RegionKind::Heading, "Reaction"),
                (RegionKind::ListItem, "Places mentioned:\tBaghdad"),
                (RegionKind::Quote, "“We will respond,” a spokesman said."),
            ],
            ..Default::default()
        }),
    );
}

#[test]
fn docx_encrypted_is_refused() {
    check(
        "docx/encrypted.docx",
        Expect::Refused(ReadErrorKind::Encrypted, "password-protected"),
    );
}

#[test]
fn docx_truncated_is_corrupt() {
    check(
        "docx/truncated.docx",
        Expect::Refused(ReadErrorKind::Corrupt, "damaged or truncated"),
    );
}

// ---------------------------------------------------------------- ZIP

#[test]
fn zip_bundle_reads_every_format_and_nested_zips_and_skips_junk() {
    check(
        "zip/bundle.zip",
        Expect::Entries(vec![
            ("bundle.zip/articles/report.txt", Ok("Jurf al-Sakhar")),
            (
                "bundle.zip/articles/notes.md",
                Ok("Short notes on Nineveh."),
            ),
            (
                "bundle.zip/articles/message.eml",
                Ok("A strike hit Hillah overnight"),
            ),
            (
                "bundle.zip/articles/report.docx",
                Ok("Mohammed Shia Al-Sudani"),
            ),
            (
                "bundle.zip/nested.zip/inner/deep.txt",
                Ok("Makhmour and Zumar"),
            ),
        ]),
    );
}

#[test]
fn zip_path_traversal_is_refused_per_entry() {
    let items = check(
        "zip/traversal.zip",
        Expect::Entries(vec![
            (
                "/../evil.txt",
                Err((ReadErrorKind::UnsafePath, "climbs out")),
            ),
            ("evil2.txt", Err((ReadErrorKind::UnsafePath, "climbs out"))),
            ("/good.txt", Ok("Gaza and Syria")),
        ]),
    );
    assert!(
        items
            .iter()
            .filter(|i| i.result.is_err())
            .all(|i| i.bytes.is_empty()),
        "refused entries are not unpacked"
    );
}

#[test]
fn zip_absolute_paths_drive_letters_and_symlinks_are_refused() {
    check(
        "zip/absolute.zip",
        Expect::Entries(vec![
            (
                "//tmp/evil.txt",
                Err((ReadErrorKind::UnsafePath, "absolute path")),
            ),
            (
                "C:/Windows/evil.txt",
                Err((ReadErrorKind::UnsafePath, "drive letter")),
            ),
            (
                "/link.txt",
                Err((ReadErrorKind::UnsafePath, "symbolic link")),
            ),
            ("/good.txt", Ok("Mosul")),
        ]),
    );
}

#[test]
fn zip_bomb_entry_is_refused_and_the_rest_read() {
    check(
        "zip/bomb.zip",
        Expect::Entries(vec![
            ("/bomb.txt", Err((ReadErrorKind::TooLarge, "zip bomb"))),
            ("/ok.txt", Ok("honest article about Kirkuk")),
        ]),
    );
}

#[test]
fn zip_limits_on_entries_and_total_size_apply() {
    let bytes = std::fs::read(fixture_path("zip/bundle.zip")).unwrap();
    let limits = Limits {
        max_archive_entries: 2,
        ..Limits::default()
    };
    let items = read_file("bundle.zip", bytes.clone(), &limits);
    let refused: Vec<_> = items
        .iter()
        .filter_map(|i| i.result.as_ref().err())
        .collect();
    assert_eq!(items.len(), 3, "two entries and one refusal for the rest");
    assert!(
        refused.len() == 1
            && refused[0].kind == ReadErrorKind::TooLarge
            && refused[0].message.contains("more than 2 files")
    );

    let limits = Limits {
        max_archive_total_bytes: 600,
        ..Limits::default()
    };
    let items = read_file("bundle.zip", bytes, &limits);
    assert!(items.iter().any(|i| matches!(&i.result, Err(e) if e.kind == ReadErrorKind::TooLarge && e.message.contains("unpacks to more than"))));
    assert!(
        items.iter().any(|i| i.result.is_ok()),
        "entries within the budget are still read"
    );
}

// ---------------------------------------------------------------- broken files

#[test]
fn binary_junk_named_txt_is_not_text() {
    check(
        "broken/junk.txt",
        Expect::Refused(ReadErrorKind::NotText, "binary data"),
    );
}

#[test]
fn empty_file_is_refused() {
    check(
        "broken/empty.txt",
        Expect::Refused(ReadErrorKind::Empty, "empty"),
    );
}

#[test]
fn html_page_named_pdf_is_refused_with_the_reason() {
    check(
        "broken/page_named.pdf",
        Expect::Refused(ReadErrorKind::Corrupt, "HTML web page"),
    );
}

// ---------------------------------------------------------------- damaged copies

/// Truncated and bit-flipped copies of the binary fixtures are refused with a
/// reason (or read in part), never with an `Internal` error: no reader panics
/// or hangs on them.
#[test]
fn damaged_copies_are_refused_not_crashed_on() {
    for rel in [
        "pdf/article.pdf",
        "docx/article.docx",
        "zip/bundle.zip",
        "eml/newsletter_html.eml",
        "mbox/three.mbox",
    ] {
        let original = std::fs::read(fixture_path(rel)).unwrap();
        let len = original.len();
        let mut copies: Vec<Vec<u8>> = [1, 10, 100, len / 3, len / 2, len - 10]
            .iter()
            .map(|&cut| original[..cut].to_vec())
            .collect();
        for i in 1..24 {
            let mut flipped = original.clone();
            flipped[i * len / 24] ^= 0xFF;
            flipped[(i * len / 24 + 7) % len] ^= 0x55;
            copies.push(flipped);
        }
        for (n, copy) in copies.into_iter().enumerate() {
            for item in read_file(rel, copy, &Limits::default()) {
                if let Err(err) = &item.result {
                    assert_ne!(
                        err.kind,
                        ReadErrorKind::Internal,
                        "{rel} copy {n}: {}",
                        err.message
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------- hostile PDFs

/// A minimal PDF with the given objects (numbered from 1) and a correct xref.
fn pdf_with(objects: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Regression: a page tree whose `/Parent` links loop sent pdf-extract into an
/// endless loop (it looks inherited attributes up the parent chain with no
/// guard), so the file hung the reader until the time limit and a thread spun
/// for the rest of the import. Now the loop is cut and the text is read.
#[test]
fn pdf_with_a_looping_page_tree_is_read_not_hung() {
    let content = "BT /F1 12 Tf 72 700 Td (Strike near Baghdad kills eight) Tj ET";
    let stream = format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    );
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    let cases = [
        // The page is its own parent, and has no /Resources of its own.
        vec![
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            &stream,
            font,
        ],
        // The page's parent names the page as its own parent; no /MediaBox anywhere.
        vec![
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
            "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
            &stream,
            font,
        ],
    ];
    let limits = Limits {
        // Far more than a sound one-page PDF needs, far less than the default.
        max_read_time: std::time::Duration::from_secs(30),
        ..Limits::default()
    };
    for (n, objects) in cases.iter().enumerate() {
        let items = read_file("loop.pdf", pdf_with(objects), &limits);
        assert_eq!(items.len(), 1);
        match &items[0].result {
            Ok(docs) => {
                assert!(
                    docs[0].text.contains("Baghdad"),
                    "case {n}: {:?}",
                    docs[0].text
                );
                assert!(
                    docs[0].warnings.iter().any(|w| w.contains("loops back")),
                    "case {n}: the cut is reported: {:?}",
                    docs[0].warnings
                );
            }
            // Without a MediaBox the page cannot be laid out: refused, with a reason.
            Err(err) => assert_ne!(
                err.kind,
                ReadErrorKind::Internal,
                "case {n}: {}",
                err.message
            ),
        }
    }
}
