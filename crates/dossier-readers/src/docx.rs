//! Word documents (`.docx`): paragraphs from `word/document.xml`, metadata from `docProps/core.xml`.
//!
//! A `.docx` is a ZIP package of XML parts. Paragraphs (`w:p`) become
//! paragraphs of the text, separated by blank lines; text runs (`w:t`), tabs
//! and breaks are kept. Paragraph styles mark regions: the first `Title`
//! paragraph is the headline (and the title), `Heading N` styles are headings,
//! quote styles are quotes, numbered or bulleted paragraphs are list items.
//! Style ids are looked up in `word/styles.xml`, because a German Word writes
//! `berschrift1` where an English one writes `Heading1`; the style *name*
//! (`heading 1`) is the same in every language. An encrypted document is not
//! a ZIP at all but an OLE compound file, which is how it is recognised.

use std::collections::HashMap;

use dossier_core::{DocDate, Document, FieldSource, Region, RegionKind, Span};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;

use crate::zip::{check_entry_size, open_archive, read_bounded};
use crate::{text, Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Docx;

/// The signature of an OLE compound file: old `.doc` files and encrypted OOXML.
const OLE_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl Reader for Docx {
    fn id(&self) -> &'static str {
        "docx"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["docx"]
    }

    fn sniff(&self, head: &[u8]) -> bool {
        looks_like_docx(head)
    }

    fn read(&self, name: &str, bytes: &[u8], limits: &Limits) -> Result<Read, ReadError> {
        if bytes.starts_with(OLE_SIGNATURE) {
            return Err(refuse_ole_file(bytes));
        }
        let mut archive = open_archive(bytes, "Word document")?;
        let document_xml =
            read_part(&mut archive, "word/document.xml", limits)?.ok_or_else(|| {
                ReadError::corrupt("not a Word document: the package has no word/document.xml part")
            })?;
        let styles = match read_part(&mut archive, "word/styles.xml", limits) {
            Ok(Some(xml)) => style_names(&xml),
            _ => HashMap::new(),
        };
        let mut warnings = Vec::new();
        let core = match read_part(&mut archive, "docProps/core.xml", limits) {
            Ok(Some(xml)) => parse_core_properties(&xml),
            Ok(None) => CoreProperties::default(),
            Err(err) => {
                warnings.push(format!("document properties not read: {}", err.message));
                CoreProperties::default()
            }
        };
        let paragraphs = parse_paragraphs(&document_xml, &styles)?;
        let mut doc = assemble(paragraphs, core, name);
        doc.warnings.extend(warnings);
        if doc.text.trim().is_empty() {
            return Err(ReadError::new(
                ReadErrorKind::NoText,
                "the Word document has no text in it",
            ));
        }
        Ok(Read::Documents(vec![doc]))
    }
}

/// A ZIP whose first entries name Word parts. The names sit in plain text in
/// the local file headers, which is all the first few kilobytes show.
pub(crate) fn looks_like_docx(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") && head.windows(5).any(|w| w == b"word/")
}

/// An OLE compound file with an `EncryptionInfo` stream is a password-protected
/// Office document; any other is an old binary `.doc` saved under a new name.
fn refuse_ole_file(bytes: &[u8]) -> ReadError {
    let marker: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
        ReadError::new(
            ReadErrorKind::Encrypted,
            "the Word document is encrypted / password-protected; save it without a password and import it again",
        )
    } else {
        ReadError::new(
            ReadErrorKind::Unsupported,
            "this is an old binary Word (.doc) file named .docx; save it as .docx in Word and import it again",
        )
    }
}

/// One package part as text, `None` when the package lacks it.
fn read_part(
    archive: &mut ::zip::ZipArchive<std::io::Cursor<&[u8]>>,
    part: &str,
    limits: &Limits,
) -> Result<Option<String>, ReadError> {
    let Some(index) = archive.index_for_name(part) else {
        return Ok(None);
    };
    let (size, packed) = match archive.by_index_raw(index) {
        Ok(file) => (file.size(), file.compressed_size()),
        Err(_) => {
            return Err(ReadError::corrupt(format!(
                "the Word document is damaged ({part} cannot be read)"
            )))
        }
    };
    check_entry_size(size, packed, limits)?;
    let bytes = read_bounded(archive, index, size, limits)
        .map_err(|err| ReadError::new(err.kind, format!("{part}: {}", err.message)))?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// What a paragraph's style makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParaKind {
    Body,
    Title,
    Heading,
    Quote,
    ListItem,
}

#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    style: Option<String>,
    numbered: bool,
}

/// Maps style ids to lower-case style names (`berschrift1` → `heading 1`).
fn style_names(xml: &str) -> HashMap<String, String> {
    let mut names = HashMap::new();
    let mut reader = XmlReader::from_str(xml);
    let mut current_id: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "style" => {
                current_id = attribute(&e, "styleId")
            }
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "name" => {
                if let (Some(id), Some(name)) = (current_id.as_ref(), attribute(&e, "val")) {
                    names.insert(id.clone(), name.to_lowercase());
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "style" => current_id = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    names
}

/// The value of an attribute, matched by local name (`w:val` → `val`).
fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Walks `word/document.xml` and collects its paragraphs in reading order.
fn parse_paragraphs(
    xml: &str,
    styles: &HashMap<String, String>,
) -> Result<Vec<Paragraph>, ReadError> {
    let mut reader = XmlReader::from_str(xml);
    let mut done = Vec::new();
    // Text boxes nest paragraphs inside paragraphs, hence a stack.
    let mut open: Vec<Paragraph> = Vec::new();
    let mut in_text = false;
    let mut in_properties = 0usize;
    // Markup-compatibility fallbacks repeat the content of their choice; skip them.
    let mut in_fallback = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            ReadError::corrupt(format!(
                "the Word document's text is damaged (bad XML in word/document.xml: {e})"
            ))
        })?;
        match event {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                "Fallback" => in_fallback += 1,
                _ if in_fallback > 0 => {}
                "p" => open.push(Paragraph::default()),
                "pPr" => in_properties += 1,
                "t" if in_properties == 0 => in_text = true,
                "numPr" => mark_numbered(&mut open),
                "pStyle" => set_style(&mut open, &e, styles),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                _ if in_fallback > 0 => {}
                "p" => done.push(Paragraph::default()),
                "pStyle" => set_style(&mut open, &e, styles),
                "numPr" => mark_numbered(&mut open),
                "tab" if in_properties == 0 => push_text(&mut open, "\t"),
                "br" | "cr" if in_properties == 0 => push_text(&mut open, "\n"),
                "noBreakHyphen" => push_text(&mut open, "-"),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "Fallback" => in_fallback = in_fallback.saturating_sub(1),
                _ if in_fallback > 0 => {}
                "p" => done.extend(open.pop()),
                "pPr" => in_properties = in_properties.saturating_sub(1),
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text && in_fallback == 0 => {
                push_text(&mut open, &t.xml10_content())
            }
            Event::CData(t) if in_text && in_fallback == 0 => {
                push_text(&mut open, &t.xml10_content())
            }
            Event::GeneralRef(r) if in_text && in_fallback == 0 => {
                if let Some(c) = resolve_entity(&r) {
                    push_text(&mut open, c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    }
    // A truncated document leaves paragraphs open; keep what they hold.
    done.extend(open.into_iter().rev());
    Ok(done)
}

fn push_text(open: &mut [Paragraph], s: &str) {
    if let Some(p) = open.last_mut() {
        p.text.push_str(s);
    }
}

fn mark_numbered(open: &mut [Paragraph]) {
    if let Some(p) = open.last_mut() {
        p.numbered = true;
    }
}

fn set_style(open: &mut [Paragraph], element: &BytesStart<'_>, styles: &HashMap<String, String>) {
    if let (Some(p), Some(id)) = (open.last_mut(), attribute(element, "val")) {
        p.style = Some(
            styles
                .get(&id)
                .cloned()
                .unwrap_or_else(|| id.to_lowercase()),
        );
    }
}

/// `&amp;` and friends, and numeric character references.
fn resolve_entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match r.xml10_content().as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Classifies a paragraph by its style name (or id, when styles.xml lacks it).
fn paragraph_kind(p: &Paragraph) -> ParaKind {
    let style = p.style.as_deref().unwrap_or("").replace(' ', "");
    if style == "title" {
        ParaKind::Title
    } else if style.starts_with("heading") || style == "subtitle" {
        ParaKind::Heading
    } else if style.contains("quote") {
        ParaKind::Quote
    } else if p.numbered || style.starts_with("list") {
        ParaKind::ListItem
    } else {
        ParaKind::Body
    }
}

#[derive(Debug, Default)]
struct CoreProperties {
    title: Option<String>,
    creator: Option<String>,
    created: Option<String>,
    modified: Option<String>,
    language: Option<String>,
}

/// Reads Dublin Core fields from `docProps/core.xml`.
fn parse_core_properties(xml: &str) -> CoreProperties {
    let mut props = CoreProperties::default();
    let mut reader = XmlReader::from_str(xml);
    let mut current: Option<String> = None;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                current = Some(e.local_name().as_ref().to_string());
                value.clear();
            }
            Ok(Event::Text(t)) if current.is_some() => value.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if current.is_some() => value.extend(resolve_entity(&r)),
            Ok(Event::End(_)) => {
                let v = text::collapse_spaces(&value);
                let slot = match current.take().as_deref() {
                    Some("title") => &mut props.title,
                    Some("creator") => &mut props.creator,
                    Some("created") => &mut props.created,
                    Some("modified") => &mut props.modified,
                    Some("language") => &mut props.language,
                    _ => continue,
                };
                if !v.is_empty() {
                    *slot = Some(v);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    props
}

/// Builds the document: paragraphs joined by blank lines, regions for styled
/// paragraphs, metadata from the core properties.
fn assemble(paragraphs: Vec<Paragraph>, core: CoreProperties, name: &str) -> Document {
    let mut doc = Document::default();
    let mut title_from_style = None;
    for p in &paragraphs {
        let body = tidy_paragraph(&p.text);
        if body.is_empty() {
            continue;
        }
        if !doc.text.is_empty() {
            doc.text.push_str("\n\n");
        }
        let start = doc.text.len();
        doc.text.push_str(&body);
        let span = Span::new(start, doc.text.len());
        let kind = match paragraph_kind(p) {
            ParaKind::Title if title_from_style.is_none() => {
                title_from_style = Some(text::collapse_spaces(&body));
                Some(RegionKind::Headline)
            }
            ParaKind::Title | ParaKind::Heading => Some(RegionKind::Heading),
            ParaKind::Quote => Some(RegionKind::Quote),
            ParaKind::ListItem => Some(RegionKind::ListItem),
            ParaKind::Body => None,
        };
        if let Some(kind) = kind {
            doc.regions.push(Region { span, kind });
        }
    }
    doc.title = title_from_style
        .or(core.title)
        .or_else(|| Some(text::title_from_name(name)));
    doc.authors = core
        .creator
        .map(|c| {
            c.split(';')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let date = core.created.as_deref().or(core.modified.as_deref());
    doc.published = date.and_then(DocDate::parse_iso);
    if let (Some(raw), None) = (date, doc.published) {
        doc.warnings
            .push(format!("document date '{raw}' not understood"));
    }
    doc.published_source = doc.published.map(|_| FieldSource::Metadata);
    doc.language = core.language;
    doc
}

/// Trims a paragraph and drops the trailing spaces Word leaves before line breaks.
fn tidy_paragraph(raw: &str) -> String {
    raw.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0"?>
<w:document xmlns:w="x"><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Strikes &amp; drones</w:t></w:r></w:p>
<w:p><w:pPr><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">Eight </w:t></w:r><w:r><w:t>killed.</w:t><w:tab/><w:t>End</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr><w:r><w:t>Background</w:t></w:r></w:p>
<w:p/>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>First point</w:t></w:r></w:p>
</w:body></w:document>"#;

    #[test]
    fn paragraphs_styles_and_entities() {
        let styles = HashMap::from([("berschrift1".to_string(), "heading 1".to_string())]);
        let paragraphs = parse_paragraphs(DOC, &styles).unwrap();
        let doc = assemble(paragraphs, CoreProperties::default(), "x.docx");
        assert_eq!(doc.title.as_deref(), Some("Strikes & drones"));
        assert_eq!(
            doc.text,
            "Strikes & drones\n\nEight killed.\tEnd\n\nBackground\n\nFirst point"
        );
        let kinds: Vec<_> = doc.regions.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                RegionKind::Headline,
                RegionKind::Heading,
                RegionKind::ListItem
            ]
        );
        assert_eq!(
            &doc.text[doc.regions[1].span.start..doc.regions[1].span.end],
            "Background"
        );
    }

    #[test]
    fn ole_files_are_told_apart() {
        let mut encrypted = OLE_SIGNATURE.to_vec();
        encrypted.extend(
            "EncryptionInfo"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(refuse_ole_file(&encrypted).kind, ReadErrorKind::Encrypted);
        assert_eq!(
            refuse_ole_file(OLE_SIGNATURE).kind,
            ReadErrorKind::Unsupported
        );
    }
}
