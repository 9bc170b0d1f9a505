//! E-mail messages (`.eml`): one article per message; HTML bodies go through the HTML extractor.
//!
//! MIME, transfer encodings (quoted-printable, base64) and charsets are
//! handled by `mail-parser`. The title is the Subject, the authors the From
//! display name, the date the Date header (at minute precision, in the
//! sender's local time as written). Newsletters (mail with `List-Id`,
//! `List-Unsubscribe` or `Precedence: bulk`) also get an outlet: the sender's
//! display name, or its domain. The URL is the "view in browser" link of an
//! HTML newsletter when there is one, else the `List-Archive` address. The
//! HTML body is preferred to the plain one, which newsletters often leave as
//! a stub ("view this e-mail in your browser").

use std::sync::OnceLock;

use dossier_core::{DocDate, Document, FieldSource, Region, RegionKind, Span};
use mail_parser::{Message, MessageParser, PartType};
use regex::Regex;

use crate::{text, Limits, Read, ReadError, ReadErrorKind, Reader};

pub struct Eml;

impl Reader for Eml {
    fn id(&self) -> &'static str {
        "eml"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["eml"]
    }

    fn sniff(&self, head: &[u8]) -> bool {
        looks_like_message(head)
    }

    fn read(&self, name: &str, bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        Ok(Read::Documents(vec![read_message(name, bytes)?]))
    }
}

/// A message starts with header fields; these are the ones almost every
/// message has near the top.
fn looks_like_message(head: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&head[..head.len().min(2048)]).to_ascii_lowercase();
    let first = start.lines().next().unwrap_or("");
    let known = [
        "received:",
        "return-path:",
        "from:",
        "date:",
        "subject:",
        "message-id:",
        "mime-version:",
        "delivered-to:",
        "x-",
    ];
    known.iter().any(|h| first.starts_with(h))
        && (start.contains("\nfrom:") || start.starts_with("from:"))
}

/// Reads one RFC 5322 message into an article. Used for `.eml` files and for
/// each message of an mbox.
pub(crate) fn read_message(name: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let message = MessageParser::default()
        .parse(bytes)
        .filter(has_headers)
        .ok_or_else(|| {
            ReadError::corrupt("not an e-mail message: no mail headers (From, Subject, Date) found")
        })?;
    let mut doc = Document::default();
    let (body, html_url) = body_text(&message);
    if body.trim().is_empty() {
        return Err(ReadError::new(
            ReadErrorKind::NoText,
            "the e-mail has no text body",
        ));
    }
    doc.regions = newsletter_furniture(&body);
    doc.text = body;
    doc.title = message
        .subject()
        .map(text::collapse_spaces)
        .filter(|s| !s.is_empty())
        .or_else(|| Some(text::title_from_name(name)));
    let sender = message.from().and_then(|a| a.first());
    let sender_name = sender
        .and_then(|a| a.name())
        .map(text::collapse_spaces)
        .filter(|n| !n.is_empty());
    let sender_address = sender
        .and_then(|a| a.address())
        .map(str::trim)
        .filter(|a| !a.is_empty());
    doc.authors = sender_name
        .clone()
        .or_else(|| sender_address.map(String::from))
        .into_iter()
        .collect();
    if is_newsletter(&message) {
        doc.outlet = sender_name.or_else(|| sender_address.and_then(domain_of));
    }
    match message.date() {
        Some(date) => doc.published = doc_date(date),
        None => {
            if let Some(raw) = message.header_raw("Date") {
                doc.warnings
                    .push(format!("Date header '{}' not understood", raw.trim()));
            }
        }
    }
    doc.published_source = doc.published.map(|_| FieldSource::Metadata);
    doc.url = html_url.or_else(|| message.header_raw("List-Archive").and_then(first_http_url));
    doc.language = message
        .header_raw("Content-Language")
        .map(|l| l.split(',').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty());
    Ok(doc)
}

/// Whether the parser found any of the headers that make bytes a message.
fn has_headers(message: &Message<'_>) -> bool {
    message.from().is_some()
        || message.subject().is_some()
        || message.header_raw("Date").is_some()
        || message.message_id().is_some()
}

/// The body as text, with the "view in browser" URL when the HTML body has one.
fn body_text(message: &Message<'_>) -> (String, Option<String>) {
    let html: Vec<&str> = message
        .html_bodies()
        .filter_map(|part| match &part.body {
            PartType::Html(html) => Some(html.as_ref()),
            _ => None,
        })
        .collect();
    let plain: Vec<&str> = message
        .text_bodies()
        .filter_map(|part| match &part.body {
            PartType::Text(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect();
    if !html.is_empty() {
        let text = html
            .iter()
            .map(|h| html_to_text(h))
            .filter(|t| !t.trim().is_empty())
            .collect::<Vec<_>>();
        if !text.is_empty() {
            let url = html.iter().find_map(|h| view_in_browser_url(h));
            return (text.join("\n\n"), url);
        }
    }
    let text = plain
        .iter()
        .map(|t| tidy_plain_body(t))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>();
    (text.join("\n\n"), None)
}

/// Short paragraphs that are mailing furniture ("View this email in your
/// browser", "Unsubscribe", "Forward to a friend"): kept in the text, marked
/// as boilerplate so that analysis skips them.
fn newsletter_furniture(body: &str) -> Vec<Region> {
    static FURNITURE: OnceLock<Regex> = OnceLock::new();
    let furniture = FURNITURE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(view (this|it|the)? ?(e-?mail|newsletter)? ?(in|on) (your|a) browser|view online|web version|unsubscribe|manage (your )?(preferences|subscription)|update your preferences|forward (this|to a friend)|you (are|were) receiving this|sent to you because|no longer wish to receive)\b",
        )
        .expect("valid regex")
    });
    let mut regions = Vec::new();
    let mut start = 0;
    for paragraph in body.split("\n\n") {
        let end = start + paragraph.len();
        if paragraph.chars().count() <= 200 && furniture.is_match(paragraph) {
            regions.push(Region {
                span: Span::new(start, end),
                kind: RegionKind::Boilerplate,
            });
        }
        start = end + 2;
    }
    regions
}

/// Plain bodies keep their lines; only line endings and trailing blanks are tidied.
fn tidy_plain_body(body: &str) -> String {
    let normalized = text::normalize_newlines(body);
    let lines: Vec<&str> = normalized.lines().map(str::trim_end).collect();
    lines
        .join("\n")
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_string()
}

/// Mail sent to a list or by a bulk sender.
fn is_newsletter(message: &Message<'_>) -> bool {
    message.header_raw("List-Id").is_some()
        || message.header_raw("List-Unsubscribe").is_some()
        || message
            .header_raw("Precedence")
            .is_some_and(|p| matches!(p.trim().to_ascii_lowercase().as_str(), "bulk" | "list"))
}

/// `newsletters@email.reuters.com` → `reuters.com`: mailing subdomains say nothing about the outlet.
fn domain_of(address: &str) -> Option<String> {
    let mut domain = address
        .rsplit_once('@')?
        .1
        .trim()
        .trim_end_matches('>')
        .to_ascii_lowercase();
    for prefix in [
        "email.",
        "e.",
        "mail.",
        "news.",
        "newsletter.",
        "newsletters.",
        "mailer.",
        "lists.",
    ] {
        if let Some(rest) = domain.strip_prefix(prefix) {
            if rest.contains('.') {
                domain = rest.to_string();
            }
        }
    }
    (!domain.is_empty()).then_some(domain)
}

/// The header's date at minute precision, as the sender's clock showed it.
fn doc_date(date: &mail_parser::DateTime) -> Option<DocDate> {
    let day = chrono::NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )?;
    let time = chrono::NaiveTime::from_hms_opt(u32::from(date.hour), u32::from(date.minute), 0)?;
    Some(DocDate::minute(day, time))
}

/// The first `http(s)` URL in a header such as `List-Archive: <https://...>`.
fn first_http_url(header: &str) -> Option<String> {
    header
        .split(['<', '>', ',', ' ', '\t', '\n', '\r'])
        .find(|part| part.starts_with("https://") || part.starts_with("http://"))
        .map(String::from)
}

/// The target of a link whose text offers the web version of the newsletter.
fn view_in_browser_url(html: &str) -> Option<String> {
    static LINK: OnceLock<Regex> = OnceLock::new();
    static WORDING: OnceLock<Regex> = OnceLock::new();
    let link = LINK.get_or_init(|| {
        Regex::new(r#"(?is)<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a\s*>"#)
            .expect("valid regex")
    });
    let wording = WORDING.get_or_init(|| {
        Regex::new(r"(?i)\b(view|read|open|see)\b.{0,30}\b(browser|online|web ?page|web version)\b|\bweb version\b")
            .expect("valid regex")
    });
    link.captures_iter(html).find_map(|c| {
        let label = strip_tags(&c[2]);
        let href = text::decode_basic_entities(c[1].trim());
        (wording.is_match(&label) && href.starts_with("http")).then_some(href)
    })
}

fn strip_tags(html: &str) -> String {
    static TAG: OnceLock<Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| Regex::new(r"(?s)<[^>]*>").expect("valid regex"));
    text::collapse_spaces(&text::decode_basic_entities(&tag.replace_all(html, " ")))
}

/// HTML mail body to text, by the HTML reader's converter (no article
/// extraction: a newsletter is all body).
fn html_to_text(html: &str) -> String {
    crate::html::html_to_text(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newsletter_domains_lose_mailing_subdomains() {
        assert_eq!(
            domain_of("news@email.reuters.com").as_deref(),
            Some("reuters.com")
        );
        assert_eq!(
            domain_of("jane@example.org").as_deref(),
            Some("example.org")
        );
    }

    #[test]
    fn view_in_browser_link_is_found() {
        let html = r#"<p><a href="https://x.test/unsub">Unsubscribe</a> <a href="https://x.test/web?id=1&amp;s=2">View this email in your browser</a></p>"#;
        assert_eq!(
            view_in_browser_url(html).as_deref(),
            Some("https://x.test/web?id=1&s=2")
        );
    }
}
