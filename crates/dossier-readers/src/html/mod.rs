//! Saved web pages (`.html`, `.htm`, `.xhtml`): the article is extracted from
//! the page clutter, its metadata read from JSON-LD, OpenGraph and meta tags.
//!
//! Pages come from strangers: they are parsed by html5ever into an inert tree
//! and only ever turned into plain text. Nothing in them is run or fetched.
//!
//! - [`dom`]: the mutable tree the other parts work on;
//! - [`meta`] and [`date`]: title, authors, date, outlet, URL, language;
//! - [`extract`]: which part of the page is the article;
//! - [`render`]: tree to text with paragraphs and regions.

mod date;
mod dom;
mod extract;
mod meta;
mod render;

use std::sync::OnceLock;

use dossier_core::Document;
use encoding_rs::Encoding;
use regex::bytes::Regex;

use crate::{text, Limits, Read, ReadError, Reader};
use dom::{Dom, ROOT};

pub use meta::split_byline;

pub struct Html;

impl Reader for Html {
    fn id(&self) -> &'static str {
        "html"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm", "xhtml"]
    }

    fn sniff(&self, head: &[u8]) -> bool {
        let head = &head[..head.len().min(1024)];
        let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
        let trimmed = lower.trim_start_matches('\u{feff}').trim_start();
        trimmed.starts_with('<') && (lower.contains("<!doctype html") || lower.contains("<html"))
    }

    fn read(&self, name: &str, bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        let html = decode_page(bytes)?;
        Ok(Read::Documents(vec![read_page(&html, name)?]))
    }
}

/// Decodes a page honouring, in this order, a byte-order mark, then the
/// charset declared in a `<meta>` tag or XML declaration, then UTF-8 / Windows-1252 detection.
fn decode_page(bytes: &[u8]) -> Result<String, ReadError> {
    if Encoding::for_bom(bytes).is_some() {
        return text::decode(bytes);
    }
    let label = declared_charset(&bytes[..bytes.len().min(8192)]);
    let decoded = text::decode_with_label(bytes, label.as_deref())?;
    if text::looks_binary(&decoded) {
        return Err(ReadError::new(crate::ReadErrorKind::NotText, "the file holds binary data, not a web page"));
    }
    Ok(decoded)
}

/// The charset a page declares for itself, if any. A page that declares
/// UTF-16 but is readable as ASCII was re-saved: the declaration is stale.
fn declared_charset(head: &[u8]) -> Option<String> {
    static META: OnceLock<Regex> = OnceLock::new();
    static XML: OnceLock<Regex> = OnceLock::new();
    let meta = META.get_or_init(|| Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).expect("valid regex"));
    let xml = XML.get_or_init(|| Regex::new(r#"(?i)<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_.\-]+)"#).expect("valid regex"));
    let found = meta.captures(head).or_else(|| xml.captures(head))?;
    let label = String::from_utf8_lossy(&found[1]).to_ascii_lowercase();
    Some(if label.starts_with("utf-16") || label.starts_with("utf16") { "utf-8".to_string() } else { label })
}

/// Reads one decoded page into a document.
fn read_page(html: &str, name: &str) -> Result<Document, ReadError> {
    let mut dom = Dom::parse(html);
    let page = meta::read_meta(&dom);
    extract::strip_non_content(&mut dom);
    let (work, found) = extract::extract(&dom, page.title.as_deref());
    let rendered = found.body.map(|b| render::render(&work, b)).unwrap_or_default();
    if !rendered.text.chars().any(char::is_alphanumeric) {
        return Err(ReadError::no_text());
    }
    let mut authors = page.authors;
    if authors.is_empty() {
        if let Some(byline) = found.byline.as_deref().filter(|b| looks_like_names(b)) {
            authors = split_byline(byline);
        }
    }
    let title = page.title.or_else(|| dom.first("h1").map(|h| dom.inner_text(h)).filter(|t| !t.is_empty()));
    let (published, published_source) = match page.published {
        Some((d, s)) => (Some(d), Some(s)),
        None => (None, None),
    };
    Ok(Document {
        text: rendered.text,
        regions: rendered.regions,
        title: title.or_else(|| Some(text::title_from_name(name))),
        authors,
        outlet: page.site_name,
        published,
        published_source,
        url: page.url,
        language: page.language,
        ..Document::default()
    })
}

/// A byline element's text names people rather than holding only a date or a label.
fn looks_like_names(byline: &str) -> bool {
    let words = byline.split_whitespace().count();
    (1..=12).contains(&words) && crate::dates::parse_date(byline).is_none() && byline.chars().filter(|c| c.is_alphabetic()).count() >= 3
}

/// The visible text of an HTML document or fragment, without any extraction:
/// paragraphs separated by blank lines, scripts, styles and hidden elements left out.
pub fn html_to_text(html: &str) -> String {
    let mut dom = Dom::parse(html);
    extract::strip_non_content(&mut dom);
    let root = dom.first("body").unwrap_or(ROOT);
    render::render(&dom, root).text
}
