//! PDF documents: the text layer, with metadata from the document information dictionary.
//!
//! Parsing is done by `lopdf` and text extraction by `pdf-extract` (pure Rust,
//! fonts and ToUnicode maps handled). Both panic on many kinds of damage, so
//! their panics are caught here (a damaged file, not a bug), each page is
//! extracted separately and a page that fails is skipped with a warning. A
//! page tree whose `/Parent` links loop is cut open first, since pdf-extract
//! would follow them forever; dispatch's time limit is the backstop for any
//! other runaway.
//! Extracted lines are joined into paragraphs: a line-end hyphen before a
//! lower-case letter is removed, a larger vertical gap starts a paragraph, and
//! a paragraph that runs on across a page break is joined again.
//!
//! Refusals: a file that is not a PDF at all (an HTML page saved as `.pdf`),
//! a damaged or truncated PDF (`Corrupt`), an encrypted PDF that does not open
//! with the empty password (`Encrypted`), a PDF without a text layer
//! (`NoText`: Dossier does no OCR).

use std::panic::{catch_unwind, AssertUnwindSafe};

use dossier_core::{DocDate, Document, FieldSource};
use pdf_extract::{MediaBox, Object, OutputDev, OutputError, Transform};

use crate::{text, Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Pdf;

/// Marks a page boundary in the raw extracted text (a form feed, as in `pdftotext`).
const PAGE_BREAK: char = '\x0c';

impl Reader for Pdf {
    fn id(&self) -> &'static str {
        "pdf"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["pdf"]
    }

    fn sniff(&self, head: &[u8]) -> bool {
        header_offset(head).is_some()
    }

    fn read(&self, name: &str, bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        if header_offset(bytes).is_none() {
            return Err(not_a_pdf(bytes));
        }
        let raw = extract_caught(bytes)?;
        let body = paragraphs_from_lines(&raw.text);
        if body.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
            return Err(ReadError::new(
                ReadErrorKind::NoText,
                "the PDF has no text layer (scanned image?); Dossier does not do OCR",
            ));
        }
        Ok(Read::Documents(vec![build_document(name, body, raw)]))
    }
}

/// Where `%PDF-` starts; the specification allows junk before it in the first kilobyte.
fn header_offset(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).position(|w| w == b"%PDF-")
}

/// Says what the file is instead, when that is easy to tell.
fn not_a_pdf(bytes: &[u8]) -> ReadError {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    if head.contains("<html") || head.contains("<!doctype html") || head.contains("<head") {
        ReadError::corrupt("not a PDF: the file is an HTML web page with a .pdf name (rename it to .html to import it)")
    } else {
        ReadError::corrupt("not a PDF: the file does not start with the %PDF- signature")
    }
}

/// What the extraction thread hands back.
struct RawPdf {
    text: String,
    title: Option<String>,
    author: Option<String>,
    created: Option<String>,
    language: Option<String>,
    warnings: Vec<String>,
}

/// Runs the extraction with the parsers' panics caught: lopdf and
/// pdf-extract assert on many kinds of damage, and for them a panic means a
/// damaged file, not a bug of ours. (Dispatch runs every reader on its own
/// thread under a time limit, so a runaway costs a thread, not the import.)
fn extract_caught(bytes: &[u8]) -> Result<RawPdf, ReadError> {
    catch_unwind(AssertUnwindSafe(|| extract(bytes))).unwrap_or_else(|_| {
        Err(ReadError::corrupt(
            "the PDF is damaged (the PDF parser gave up on it)",
        ))
    })
}

fn encrypted_error() -> ReadError {
    ReadError::new(
        ReadErrorKind::Encrypted,
        "the PDF is encrypted / password-protected; remove the password (print to PDF) and import it again",
    )
}

/// Parses the PDF and pulls out its text, page by page, and its metadata.
fn extract(bytes: &[u8]) -> Result<RawPdf, ReadError> {
    let declares_encryption = bytes.windows(8).any(|w| w == b"/Encrypt");
    let mut doc = match pdf_extract::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(_) if declares_encryption => return Err(encrypted_error()),
        Err(err) => {
            return Err(ReadError::corrupt(format!(
                "the PDF is damaged or truncated ({err})"
            )))
        }
    };
    // lopdf opens files encrypted with an empty user password (permissions
    // only) by itself; what is still encrypted after loading needs a password.
    if doc.is_encrypted() {
        return Err(encrypted_error());
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(ReadError::corrupt("the PDF is damaged: it has no pages"));
    }
    let mut warnings = Vec::new();
    if cut_parent_cycles(&mut doc, &pages)? > 0 {
        warnings.push("the PDF's page tree loops back on itself; the loop was cut".to_string());
    }
    let mut out = TextCollector::default();
    let mut failed_pages = Vec::new();
    for &page in pages.keys() {
        let before = out.text.len();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut out, page)
        }));
        if !matches!(outcome, Ok(Ok(()))) {
            out.text.truncate(before);
            failed_pages.push(page.to_string());
        }
        out.text.push(PAGE_BREAK);
    }
    if !failed_pages.is_empty() {
        if failed_pages.len() == pages.len() {
            return Err(ReadError::corrupt(
                "the PDF is damaged: none of its pages could be read",
            ));
        }
        warnings.push(format!(
            "text of page(s) {} could not be read",
            failed_pages.join(", ")
        ));
    }
    let info = info_dictionary(&doc);
    let field = |key: &[u8]| info.and_then(|d| d.get(key).ok()).and_then(text_string);
    Ok(RawPdf {
        text: out.text,
        title: field(b"Title"),
        author: field(b"Author"),
        created: field(b"CreationDate"),
        language: catalog_language(&doc),
        warnings,
    })
}

/// Longest chain of `/Parent` links followed from a page; real page trees are
/// a few levels deep (lopdf itself gives up on Kids nested over 256 deep).
const MAX_PARENT_CHAIN: usize = 256;

/// Cuts each `/Parent` link that leads back into the chain already walked
/// from a page (or that makes the chain absurdly long); returns how many.
///
/// pdf-extract finds a page's inherited attributes (`/Resources`,
/// `/MediaBox`) by following `/Parent` with no guard against cycles, so a page
/// whose parent chain loops back (a page that is its own parent, two nodes
/// that are each other's parent) sent it into an endless loop: the PDF reader
/// hung until its time limit and its thread spun on for the rest of the
/// import. A page tree is a tree, so a cycle is damage and cutting the link
/// that closes it loses nothing a sound file has.
fn cut_parent_cycles(
    doc: &mut pdf_extract::Document,
    pages: &std::collections::BTreeMap<u32, pdf_extract::ObjectId>,
) -> Result<usize, ReadError> {
    let parent_of = |doc: &pdf_extract::Document, id| {
        doc.get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Parent").ok())
            .and_then(|p| p.as_reference().ok())
    };
    let mut cut = 0;
    let mut sound = std::collections::HashSet::new();
    for &page in pages.values() {
        let mut chain = vec![page];
        let mut current = page;
        while let Some(parent) = parent_of(doc, current) {
            // A node already known to lead to a root without a loop ends the walk.
            if sound.contains(&parent) {
                break;
            }
            if chain.contains(&parent) || chain.len() >= MAX_PARENT_CHAIN {
                doc.get_dictionary_mut(current)
                    .map_err(|_| {
                        ReadError::corrupt("the PDF is damaged: its page tree loops back on itself")
                    })?
                    .remove(b"Parent");
                cut += 1;
                break;
            }
            chain.push(parent);
            current = parent;
        }
        sound.extend(chain);
    }
    Ok(cut)
}

/// The trailer's `/Info`, direct or by reference.
fn info_dictionary(doc: &pdf_extract::Document) -> Option<&pdf_extract::Dictionary> {
    match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The catalog's `/Lang` (`en-US`), when the PDF declares one.
fn catalog_language(doc: &pdf_extract::Document) -> Option<String> {
    let root = doc.trailer.get(b"Root").ok()?.as_reference().ok()?;
    let lang = doc.get_dictionary(root).ok()?.get(b"Lang").ok()?;
    text_string(lang)
}

/// A PDF text string (PDFDocEncoding or UTF-16BE), trimmed; `None` when empty.
fn text_string(obj: &Object) -> Option<String> {
    let s = pdf_extract::decode_text_string(obj).ok()?;
    let s = text::collapse_spaces(s.trim_start_matches('\u{feff}'));
    (!s.is_empty()).then_some(s)
}

/// Collects characters with line and paragraph breaks inferred from their
/// positions, the way `pdf-extract`'s plain-text output does: a move down
/// starts a line, a move down by more than one and a half lines a paragraph.
#[derive(Default)]
struct TextCollector {
    text: String,
    page_height: f64,
    last_x_end: f64,
    last_y: f64,
    word_start: bool,
}

impl OutputDev for TextCollector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        self.last_x_end = 0.0;
        self.last_y = 0.0;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        c: &str,
    ) -> Result<(), OutputError> {
        // Position in page space with y growing downwards.
        let (x, y) = (trm.m31, self.page_height - trm.m32);
        let scaled = ((font_size * (trm.m11 + trm.m21)) * (font_size * (trm.m12 + trm.m22)))
            .abs()
            .sqrt();
        if self.word_start && !self.text.is_empty() && !self.text.ends_with(PAGE_BREAK) {
            let dy = (y - self.last_y).abs();
            if dy > scaled * 1.5 {
                self.text.push_str("\n\n");
            } else if dy > scaled * 0.5 {
                self.text.push('\n');
            } else if x > self.last_x_end + scaled * 0.1 {
                self.text.push(' ');
            }
        }
        self.text.push_str(c);
        self.word_start = false;
        self.last_y = y;
        self.last_x_end = x + width * scaled;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Joins extracted lines into paragraphs separated by blank lines.
pub(crate) fn paragraphs_from_lines(raw: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    // Whether the previous paragraph ended at a page break, and so may go on.
    let mut after_page_break = false;
    for page in raw.split(PAGE_BREAK) {
        for (i, block) in split_blocks(page).into_iter().enumerate() {
            let joined = join_lines(&block);
            if joined.is_empty() {
                continue;
            }
            let continues = i == 0
                && after_page_break
                && paragraphs.last().is_some_and(|p| runs_on(p, &joined));
            match paragraphs.last_mut() {
                Some(last) if continues => append_line(last, &joined),
                _ => paragraphs.push(joined),
            }
        }
        after_page_break = true;
    }
    paragraphs.join("\n\n")
}

/// Lines grouped into blocks at blank lines.
fn split_blocks(page: &str) -> Vec<Vec<&str>> {
    let mut blocks = vec![Vec::new()];
    for line in page.lines().map(str::trim) {
        if line.is_empty() {
            if blocks.last().is_some_and(|b| !b.is_empty()) {
                blocks.push(Vec::new());
            }
        } else if let Some(block) = blocks.last_mut() {
            block.push(line);
        }
    }
    blocks
}

fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        append_line(&mut out, &text::collapse_spaces(line));
    }
    out
}

/// Appends a line, removing a line-end hyphen when the word goes on in lower case
/// ("govern-" + "ment" → "government"; "Kataib-" + "Hezbollah" keeps its hyphen).
fn append_line(out: &mut String, line: &str) {
    if out.is_empty() {
        out.push_str(line);
        return;
    }
    let hyphenated =
        out.ends_with('-') && out.chars().rev().nth(1).is_some_and(char::is_alphabetic);
    let next_lower = line.chars().next().is_some_and(char::is_lowercase);
    if hyphenated && next_lower {
        out.pop();
    } else if !out.ends_with('-') {
        out.push(' ');
    }
    out.push_str(line);
}

/// A paragraph cut by a page break: no closing punctuation, and the next
/// page starts in lower case.
fn runs_on(previous: &str, next: &str) -> bool {
    let ended = previous
        .trim_end()
        .ends_with(['.', '!', '?', ':', '"', '\u{201d}']);
    !ended && next.chars().next().is_some_and(char::is_lowercase)
}

fn build_document(name: &str, body: String, raw: RawPdf) -> Document {
    let mut doc = Document {
        text: body,
        warnings: raw.warnings,
        language: raw.language,
        ..Document::default()
    };
    doc.title = raw
        .title
        .filter(|t| !is_placeholder_title(t))
        .or_else(|| first_paragraph_as_title(&doc.text))
        .or_else(|| Some(text::title_from_name(name)));
    doc.authors = raw
        .author
        .map(|a| text::split_authors(&a))
        .unwrap_or_default();
    if let Some(created) = raw.created {
        doc.published = parse_pdf_date(&created);
        if doc.published.is_none() {
            doc.warnings
                .push(format!("PDF creation date '{created}' not understood"));
        }
    }
    doc.published_source = doc.published.map(|_| FieldSource::Metadata);
    doc
}

/// Titles that word processors and printers put in by themselves.
fn is_placeholder_title(title: &str) -> bool {
    let lower = title.to_lowercase();
    lower.starts_with("microsoft word - ")
        || lower.starts_with("untitled")
        || [".doc", ".docx", ".pdf", ".txt", ".indd", ".html"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// A short first paragraph is most likely the headline.
fn first_paragraph_as_title(body: &str) -> Option<String> {
    let first = body.split("\n\n").next()?.trim();
    (!first.is_empty() && first.chars().count() <= 150).then(|| first.to_string())
}

/// Parses `D:YYYYMMDDHHmmSS+HH'mm'`; any prefix of the digits is allowed, and
/// the precision follows what is given.
pub(crate) fn parse_pdf_date(raw: &str) -> Option<DocDate> {
    let s = raw.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let num = |range: std::ops::Range<usize>| digits.get(range).and_then(|d| d.parse::<u32>().ok());
    let year = num(0..4)? as i32;
    let Some(month) = num(4..6) else {
        return DocDate::year(year);
    };
    let Some(day) = num(6..8) else {
        return DocDate::month(year, month);
    };
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    match (num(8..10), num(10..12)) {
        (Some(h), Some(m)) => {
            chrono::NaiveTime::from_hms_opt(h, m, 0).map(|t| DocDate::minute(date, t))
        }
        _ => Some(DocDate::day(date)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_keep_their_precision() {
        assert_eq!(
            parse_pdf_date("D:20231122060512+00'00'")
                .unwrap()
                .to_string(),
            "2023-11-22T06:05"
        );
        assert_eq!(
            parse_pdf_date("D:20231122").unwrap().to_string(),
            "2023-11-22"
        );
        assert_eq!(parse_pdf_date("D:202311").unwrap().to_string(), "2023-11");
        assert!(parse_pdf_date("D:20231341").is_none());
        assert!(parse_pdf_date("yesterday").is_none());
    }

    #[test]
    fn lines_become_paragraphs() {
        let raw = "US strikes kill eight\n\nThe strikes hit govern-\nment sites near Kataib-\nHezbollah bases.\n\nSecond para\x0cgraph goes on.\x0c";
        assert_eq!(
            paragraphs_from_lines(raw),
            "US strikes kill eight\n\nThe strikes hit government sites near Kataib-Hezbollah bases.\n\nSecond para graph goes on."
        );
    }

    #[test]
    fn html_named_pdf_is_recognised() {
        let err = not_a_pdf(b"<!DOCTYPE html><html><body>Hi</body></html>");
        assert!(err.message.contains("HTML"), "{}", err.message);
    }
}
