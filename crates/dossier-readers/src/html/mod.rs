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
    // A page saved by a browser is re-encoded as UTF-8 but keeps its old
    // `<meta charset>`; bytes that are valid UTF-8 are almost never meant as anything else.
    if std::str::from_utf8(bytes).is_ok() {
        return text::decode(bytes);
    }
    let label = declared_charset(&bytes[..bytes.len().min(8192)]);
    let decoded = text::decode_with_label(bytes, label.as_deref())?;
    if text::looks_binary(&decoded) {
        return Err(ReadError::new(
            crate::ReadErrorKind::NotText,
            "the file holds binary data, not a web page",
        ));
    }
    Ok(decoded)
}

/// The charset a page declares for itself, if any. A page that declares
/// UTF-16 but is readable as ASCII was re-saved: the declaration is stale.
fn declared_charset(head: &[u8]) -> Option<String> {
    static META: OnceLock<Regex> = OnceLock::new();
    static XML: OnceLock<Regex> = OnceLock::new();
    let meta = META.get_or_init(|| {
        Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).expect("valid regex")
    });
    let xml = XML.get_or_init(|| {
        Regex::new(r#"(?i)<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_.\-]+)"#).expect("valid regex")
    });
    let found = meta.captures(head).or_else(|| xml.captures(head))?;
    let label = String::from_utf8_lossy(&found[1]).to_ascii_lowercase();
    Some(
        if label.starts_with("utf-16") || label.starts_with("utf16") {
            "utf-8".to_string()
        } else {
            label
        },
    )
}

/// Reads one decoded page into a document.
fn read_page(html: &str, name: &str) -> Result<Document, ReadError> {
    let mut dom = Dom::parse(html);
    let page = meta::read_meta(&dom);
    extract::strip_non_content(&mut dom);
    let byline = extract::take_byline(&mut dom, looks_like_names);
    let (work, found) = extract::extract(&dom, page.title.as_deref());
    let rendered = found
        .body
        .map(|b| render::render(&work, b))
        .unwrap_or_default();
    if !rendered.text.chars().any(char::is_alphanumeric) {
        return Err(ReadError::no_text());
    }
    let mut authors = page.authors;
    if authors.is_empty() {
        if let Some(byline) = byline.as_deref() {
            authors = split_byline(byline);
        }
    }
    let title = page.title.or_else(|| {
        dom.first("h1")
            .map(|h| dom.inner_text(h))
            .filter(|t| !t.is_empty())
    });
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
    (1..=12).contains(&words)
        && crate::dates::parse_date(byline).is_none()
        && byline.chars().filter(|c| c.is_alphabetic()).count() >= 3
}

/// The visible text of an HTML document or fragment, without any extraction:
/// paragraphs separated by blank lines, scripts, styles and hidden elements left out.
pub fn html_to_text(html: &str) -> String {
    let mut dom = Dom::parse(html);
    extract::strip_non_content(&mut dom);
    let root = dom.first("body").unwrap_or(ROOT);
    render::render(&dom, root).text
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::{DatePrecision, FieldSource, RegionKind};

    /// Enough article text for extraction to be confident.
    const BODY: &str = "<p>United States forces struck two facilities south of Baghdad on Wednesday, killing eight members of Kataib Hezbollah, officials said.</p>\
        <p>The strikes, near Jurf al-Sakhar, followed a series of drone attacks on bases housing American troops in Iraq and Syria, the Pentagon said in a statement.</p>\
        <p>Iraqi Prime Minister Mohammed Shia Al-Sudani condemned the strikes as a violation of sovereignty, while the group vowed to respond, according to its spokesman.</p>\
        <p>Residents said they heard several loud explosions overnight, and ambulances were seen heading toward the area, witnesses told reporters.</p>";

    fn page(head: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"en-GB\"><head>{head}</head><body>{body}</body></html>")
    }

    fn read(html: &str) -> Document {
        read_bytes(html.as_bytes())
    }

    fn read_bytes(bytes: &[u8]) -> Document {
        match Html.read("page.html", bytes, &Limits::default()) {
            Ok(Read::Documents(mut docs)) => docs.remove(0),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn metadata_from_json_ld() {
        let head = r#"<title>Something else | Example News</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Example Site"},
              {"@type":"NewsArticle","headline":"US strikes kill eight in Iraq",
               "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],
               "datePublished":"2023-11-22T06:15:00+03:00","publisher":{"@type":"Organization","name":"Example News"},
               "url":"https://example.com/world/strikes"}]}</script>"#;
        let doc = read(&page(head, &format!("<article>{BODY}</article>")));
        assert_eq!(doc.title.as_deref(), Some("US strikes kill eight in Iraq"));
        assert_eq!(doc.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(doc.published.unwrap().to_string(), "2023-11-22T06:15");
        assert_eq!(doc.published.unwrap().precision, DatePrecision::Minute);
        assert_eq!(doc.published_source, Some(FieldSource::Metadata));
        assert_eq!(doc.outlet.as_deref(), Some("Example News"));
        assert_eq!(
            doc.url.as_deref(),
            Some("https://example.com/world/strikes")
        );
        assert_eq!(doc.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn metadata_from_open_graph_and_meta_tags() {
        let head = r#"<title>Strikes hit Baghdad | Reuters</title>
            <meta property="og:title" content="Strikes hit Baghdad &amp; beyond">
            <meta property="og:site_name" content="Reuters">
            <meta property="article:author" content="https://www.reuters.com/authors/jane-doe">
            <meta name="author" content="By Jane Doe and John Roe">
            <meta property="article:published_time" content="2023-11-22">
            <link rel="canonical" href="https://www.reuters.com/world/2023/11/22/strikes/">"#;
        let doc = read(&page(head, &format!("<article>{BODY}</article>")));
        assert_eq!(doc.title.as_deref(), Some("Strikes hit Baghdad & beyond"));
        assert_eq!(doc.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(doc.outlet.as_deref(), Some("Reuters"));
        assert_eq!(doc.published.unwrap().to_string(), "2023-11-22");
        assert_eq!(doc.published.unwrap().precision, DatePrecision::Day);
        assert_eq!(
            doc.url.as_deref(),
            Some("https://www.reuters.com/world/2023/11/22/strikes/")
        );
    }

    #[test]
    fn document_title_loses_its_site_suffix() {
        let head = r#"<title>US strikes kill eight Kataib Hezbollah members | Al-Monitor</title><meta property="og:site_name" content="Al-Monitor">"#;
        let doc = read(&page(head, &format!("<article>{BODY}</article>")));
        assert_eq!(
            doc.title.as_deref(),
            Some("US strikes kill eight Kataib Hezbollah members")
        );
        let head =
            "<title>US strikes kill eight Kataib Hezbollah members - The Daily Example</title>";
        let doc = read(&page(head, &format!("<article>{BODY}</article>")));
        assert_eq!(
            doc.title.as_deref(),
            Some("US strikes kill eight Kataib Hezbollah members")
        );
    }

    #[test]
    fn date_from_url_when_markup_has_none() {
        let head = r#"<link rel="canonical" href="https://example.com/2023/11/22/strikes.html">"#;
        let doc = read(&page(head, &format!("<article>{BODY}</article>")));
        assert_eq!(doc.published.unwrap().to_string(), "2023-11-22");
        assert_eq!(doc.published_source, Some(FieldSource::Metadata));
    }

    #[test]
    fn visible_date_when_markup_and_url_have_none() {
        let body = format!("<article><h1>Strikes</h1><div class=\"story-date\">Published Wednesday, 11/22/2023</div>{BODY}</article>");
        let doc = read(&page("<title>Strikes</title>", &body));
        assert_eq!(doc.published.unwrap().to_string(), "2023-11-22");
        assert_eq!(doc.published_source, Some(FieldSource::Text));
    }

    #[test]
    fn bylines_split_into_names() {
        assert_eq!(
            split_byline("By Jane Doe and John Roe"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(
            split_byline("Jane Doe, John Roe & Ann Poe"),
            ["Jane Doe", "John Roe", "Ann Poe"]
        );
        assert_eq!(split_byline("Doe, Jane"), ["Doe, Jane"]);
        assert_eq!(split_byline("by Jane Doe | Reuters"), ["Jane Doe"]);
        assert_eq!(
            split_byline("Tech Industry by Steven Musil January 18, 2017 11:00 PM PST"),
            ["Steven Musil"]
        );
    }

    #[test]
    fn byline_element_gives_authors_when_meta_has_none() {
        let body = format!("<article><h1>Strikes</h1><p class=\"byline\">By Jane Doe and John Roe</p>{BODY}</article>");
        let doc = read(&page("<title>Strikes</title>", &body));
        assert_eq!(doc.authors, ["Jane Doe", "John Roe"]);
        assert!(
            !doc.text.contains("Jane Doe"),
            "the byline is not body text: {}",
            doc.text
        );
    }

    #[test]
    fn declared_charsets_and_boms_are_honoured() {
        let mut latin1 = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9</title></head><body><article>".to_vec();
        latin1.extend_from_slice(BODY.as_bytes());
        latin1.extend_from_slice(b"<p>Le caf\xe9 \x96 na\xefve, disait-il, \xe9tait ferm\xe9 depuis longtemps, et personne ne savait pourquoi.</p></article></body></html>");
        let doc = read_bytes(&latin1);
        assert_eq!(doc.title.as_deref(), Some("Café"));
        assert!(doc.text.contains("Le café – naïve"), "{}", doc.text);

        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(
            page("<meta charset=\"iso-8859-1\"><title>Café</title>", BODY).as_bytes(),
        );
        assert_eq!(
            read_bytes(&bom).title.as_deref(),
            Some("Café"),
            "a BOM beats the meta tag"
        );

        let gbk_declared_but_utf8 = page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>新电脑</title>", BODY);
        assert_eq!(
            read(&gbk_declared_but_utf8).title.as_deref(),
            Some("新电脑")
        );

        let gbk_page = page("<meta charset=\"gbk\"><title>新电脑</title>", BODY);
        let (gbk, _, _) = encoding_rs::GBK.encode(&gbk_page);
        assert_eq!(read_bytes(&gbk).title.as_deref(), Some("新电脑"));
    }

    #[test]
    fn clutter_is_removed_and_scripts_never_reach_the_text() {
        let body = format!(
            "<header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav></header>\
             <div class=\"sidebar\"><h3>Most read</h3><ul><li><a href=\"/a\">Celebrity gossip roundup</a></li><li><a href=\"/b\">Another link</a></li></ul></div>\
             <div id=\"content\"><article><script>document.write('EVIL SCRIPT')</script><style>p {{ color: red }}</style>\
             {BODY}<div style=\"display:none\">HIDDEN TEXT</div><noscript>NOSCRIPT TEXT</noscript>\
             <div class=\"share-buttons\"><a href=\"#\">Share on Facebook</a></div></article>\
             <div class=\"comments\"><p>Great article, thanks for writing it, I really enjoyed reading it today!</p></div></div>\
             <footer><p>Copyright Example News. All rights reserved, and then some more words.</p></footer>\
             <form><input value=\"FORM VALUE\"><button>Subscribe</button></form>"
        );
        let doc = read(&page(
            "<title>Strikes</title><script>var x = 'HEAD SCRIPT';</script>",
            &body,
        ));
        assert!(
            doc.text.starts_with("United States forces struck"),
            "{}",
            doc.text
        );
        assert!(
            doc.text.ends_with("witnesses told reporters."),
            "{}",
            doc.text
        );
        for junk in [
            "EVIL",
            "SCRIPT",
            "color",
            "HIDDEN",
            "NOSCRIPT",
            "Share",
            "Celebrity",
            "Home",
            "Great article",
            "Copyright",
            "FORM",
            "Subscribe",
        ] {
            assert!(!doc.text.contains(junk), "{junk} leaked into {}", doc.text);
        }
        assert_eq!(
            doc.text.matches("\n\n").count(),
            3,
            "four paragraphs: {}",
            doc.text
        );
    }

    #[test]
    fn headings_quotes_list_items_and_captions_are_regions() {
        let body = format!(
            "<article><h1>US strikes kill eight</h1>{BODY}<h2>Reaction</h2>\
             <blockquote><p>We will respond at a time of our choosing, and in a manner of our choosing.</p></blockquote>\
             <ul><li>Eight killed in Jurf al-Sakhar</li><li>Drone attack on Erbil airport</li></ul>\
             <figure><img src=\"x.jpg\"><figcaption>Smoke rises over Jurf al-Sakhar. REUTERS</figcaption></figure>\
             <div class=\"image\"><img src=\"y.jpg\"><p class=\"image-caption\">Kataib Hezbollah fighters in 2020. AFP</p></div></article>"
        );
        let doc = read(&page("<title>US strikes kill eight</title>", &body));
        assert!(
            !doc.text.starts_with("US strikes kill eight"),
            "the title heading is not repeated: {}",
            doc.text
        );
        let span_of = |kind: RegionKind| -> Vec<&str> {
            doc.regions
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| &doc.text[r.span.start..r.span.end])
                .collect()
        };
        assert_eq!(span_of(RegionKind::Heading), ["Reaction"]);
        assert_eq!(
            span_of(RegionKind::Quote),
            ["We will respond at a time of our choosing, and in a manner of our choosing."]
        );
        assert_eq!(
            span_of(RegionKind::ListItem),
            [
                "Eight killed in Jurf al-Sakhar",
                "Drone attack on Erbil airport"
            ]
        );
        assert_eq!(
            span_of(RegionKind::Caption),
            [
                "Smoke rises over Jurf al-Sakhar. REUTERS",
                "Kataib Hezbollah fighters in 2020. AFP"
            ]
        );
        assert!(!doc.analysis_text().contains("REUTERS"));
    }

    #[test]
    fn pages_without_text_are_refused() {
        let err = Html
            .read(
                "empty.html",
                page("<title>Nothing</title>", "<div><img src=x></div>").as_bytes(),
                &Limits::default(),
            )
            .unwrap_err();
        assert_eq!(err.kind, crate::ReadErrorKind::NoText);
    }

    #[test]
    fn hostile_markup_does_not_panic() {
        let deep = format!(
            "{}text in the deep{}",
            "<div>".repeat(20_000),
            "</div>".repeat(3)
        );
        let doc = read(&deep);
        assert!(doc.text.contains("text in the deep"));
        for junk in [
            "<",
            "<html",
            "<p>\u{0}</p>",
            "<<<>>>&&&;;",
            "<table><td><tr><p>x",
            "<svg><p>oops</svg>",
        ] {
            let _ = Html.read("junk.html", junk.as_bytes(), &Limits::default());
        }
        let _ = Html.read("junk.html", &[0xff, 0xfe, 0x00, 0xd8], &Limits::default());
    }

    #[test]
    fn sniffs_html_without_extension() {
        assert!(Html.sniff(b"\n<!DOCTYPE html><html>"));
        assert!(Html.sniff(b"<html lang=en>"));
        assert!(!Html.sniff(b"From: someone@example.com\n"));
    }

    #[test]
    fn html_to_text_keeps_paragraphs() {
        assert_eq!(
            html_to_text("<p>One  <b>two</b>\n three</p><p>Four</p><script>x()</script>"),
            "One two three\n\nFour"
        );
    }
}
