//! Markdown: front matter for metadata, the first heading as title, markup stripped from the text.
//!
//! A small line-based converter rather than a full CommonMark parser: what
//! matters here is the words and the block structure, not rendering. Front
//! matter (`---` … `---`, YAML-like `key: value` lines and `- item` lists)
//! gives title, date, authors, outlet, URL and language. Blocks become
//! paragraphs separated by blank lines: headings are marked `Heading` (the
//! first `#` heading is the `Headline` and the title when the front matter
//! has none), list items `ListItem`, block quotes `Quote`; fenced code is
//! kept as text. Inline markup is removed: emphasis markers, link targets
//! (the link text stays), images (dropped), inline HTML tags, escapes.

use std::collections::HashMap;
use std::sync::OnceLock;

use dossier_core::{Document, FieldSource, Region, RegionKind, Span};
use regex::Regex;

use crate::{dates, text, Limits, Read, ReadError, Reader};

pub struct Markdown;

impl Reader for Markdown {
    fn id(&self) -> &'static str {
        "md"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["md", "markdown", "mdown", "mkd"]
    }

    fn sniff(&self, _head: &[u8]) -> bool {
        // Markdown is plain text with conventions; no signature tells it apart.
        false
    }

    fn read(&self, name: &str, bytes: &[u8], _limits: &Limits) -> Result<Read, ReadError> {
        let source = text::decode(bytes)?;
        let source = source.trim_start_matches('\u{feff}');
        let (front, body) = split_front_matter(source);
        let mut doc = convert(body);
        if doc.text.trim().is_empty() {
            return Err(ReadError::no_text());
        }
        apply_front_matter(&mut doc, &front);
        if doc.title.is_none() {
            doc.title = Some(text::title_from_name(name));
        }
        Ok(Read::Documents(vec![doc]))
    }
}

/// Front matter as lower-cased keys to values (lists joined by `;`), and the rest.
fn split_front_matter(source: &str) -> (HashMap<String, Vec<String>>, &str) {
    let mut fields: HashMap<String, Vec<String>> = HashMap::new();
    let Some(after_open) = source.strip_prefix("---\n") else {
        return (fields, source);
    };
    let Some((block, rest)) = find_front_matter_end(after_open) else {
        return (fields, source);
    };
    let mut current: Option<String> = None;
    for line in block.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            if let Some(key) = &current {
                fields.entry(key.clone()).or_default().push(unquote(item));
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let key = key.trim().to_lowercase();
        let value = value.trim();
        current = Some(key.clone());
        let entry = fields.entry(key).or_default();
        if let Some(inline) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            entry.extend(inline.split(',').map(unquote).filter(|v| !v.is_empty()));
        } else if !value.is_empty() {
            entry.push(unquote(value));
        }
    }
    (fields, rest)
}

/// The closing `---` (or `...`) line of front matter, and the text after it.
fn find_front_matter_end(after_open: &str) -> Option<(&str, &str)> {
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Some((&after_open[..offset], &after_open[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(s);
    s.trim().to_string()
}

/// Copies front-matter fields onto the document.
fn apply_front_matter(doc: &mut Document, front: &HashMap<String, Vec<String>>) {
    let first = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| front.get(*k).and_then(|v| v.first()).cloned())
    };
    if let Some(title) = first(&["title", "headline"]) {
        doc.title = Some(text::collapse_spaces(&title));
    }
    let authors: Vec<String> = ["authors", "author", "byline"]
        .iter()
        .filter_map(|k| front.get(*k))
        .next()
        .map(|values| values.iter().flat_map(|v| text::split_authors(v)).collect())
        .unwrap_or_default();
    if !authors.is_empty() {
        doc.authors = authors;
    }
    doc.outlet = first(&["source", "outlet", "publisher", "publication", "site"]);
    // Only a web address is an article's URL, as for saved pages: front matter
    // is written by strangers, and a `javascript:` or `file:` value would be
    // carried into citations and exports that other programs make clickable.
    doc.url = first(&["url", "link", "canonical_url", "source_url", "original_url"])
        .filter(|u| is_web_url(u));
    doc.language = first(&["lang", "language"]);
    if let Some(raw) = first(&[
        "date",
        "published",
        "pubdate",
        "publication_date",
        "created",
    ]) {
        doc.published =
            dates::parse_date(&raw).or_else(|| raw.get(..10).and_then(dates::parse_date));
        match doc.published {
            Some(_) => doc.published_source = Some(FieldSource::Metadata),
            None => doc
                .warnings
                .push(format!("front-matter date '{raw}' not understood")),
        }
    }
    // A first heading that repeats the front-matter title is the headline.
    if let (Some(title), Some(region)) = (&doc.title, doc.regions.first_mut()) {
        let heading = &doc.text[region.span.start..region.span.end];
        if region.kind == RegionKind::Heading && heading.eq_ignore_ascii_case(title) {
            region.kind = RegionKind::Headline;
        }
    }
}

/// Builds text and regions block by block.
struct Builder {
    doc: Document,
    paragraph: Vec<String>,
    has_headline: bool,
}

impl Builder {
    fn push_block(&mut self, content: &str, kind: Option<RegionKind>) {
        let content = content.trim();
        if content.is_empty() {
            return;
        }
        if !self.doc.text.is_empty() {
            self.doc.text.push_str("\n\n");
        }
        let start = self.doc.text.len();
        self.doc.text.push_str(content);
        if let Some(kind) = kind {
            self.doc.regions.push(Region {
                span: Span::new(start, self.doc.text.len()),
                kind,
            });
        }
    }

    fn flush_paragraph(&mut self) {
        if !self.paragraph.is_empty() {
            let lines = std::mem::take(&mut self.paragraph);
            let joined = lines
                .iter()
                .map(|l| strip_inline(l))
                .collect::<Vec<_>>()
                .join(" ");
            self.push_block(&text::collapse_spaces(&joined), None);
        }
    }

    fn push_heading(&mut self, level: usize, raw: &str) {
        self.flush_paragraph();
        let heading = text::collapse_spaces(&strip_inline(raw));
        if heading.is_empty() {
            return;
        }
        // The first top-level heading before any body text is the headline.
        if level == 1 && !self.has_headline && self.doc.text.is_empty() {
            self.has_headline = true;
            self.doc.title = Some(heading.clone());
            self.push_block(&heading, Some(RegionKind::Headline));
        } else {
            self.push_block(&heading, Some(RegionKind::Heading));
        }
    }
}

/// Converts Markdown body text to a document with regions.
fn convert(source: &str) -> Document {
    let mut b = Builder {
        doc: Document::default(),
        paragraph: Vec::new(),
        has_headline: false,
    };
    let lines: Vec<&str> = source.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if let Some(fence) = code_fence(trimmed) {
            b.flush_paragraph();
            let mut code = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim().starts_with(fence) {
                code.push(lines[i]);
                i += 1;
            }
            b.push_block(&code.join("\n"), None);
        } else if trimmed.is_empty() {
            b.flush_paragraph();
        } else if let Some((level, heading)) = atx_heading(trimmed) {
            b.push_heading(level, heading);
        } else if !b.paragraph.is_empty() && is_setext_underline(trimmed) {
            let level = if trimmed.starts_with('=') { 1 } else { 2 };
            let heading = std::mem::take(&mut b.paragraph).join(" ");
            b.push_heading(level, &heading);
        } else if is_rule(trimmed) || is_link_definition(trimmed) || is_table_delimiter(trimmed) {
            b.flush_paragraph();
        } else if trimmed.starts_with('>') {
            b.flush_paragraph();
            let mut quoted = Vec::new();
            while i < lines.len() && lines[i].trim_start().starts_with('>') {
                quoted.push(strip_quote_marker(lines[i]));
                i += 1;
            }
            for paragraph in quoted.split(|l| l.trim().is_empty()) {
                let joined = paragraph
                    .iter()
                    .map(|l| strip_inline(l))
                    .collect::<Vec<_>>()
                    .join(" ");
                b.push_block(&text::collapse_spaces(&joined), Some(RegionKind::Quote));
            }
            continue;
        } else if let Some(item) = list_item(line) {
            b.flush_paragraph();
            let mut content = vec![item.to_string()];
            i += 1;
            // Indented lines continue the item (lazy continuation is not supported).
            while i < lines.len()
                && lines[i].starts_with([' ', '\t'])
                && !lines[i].trim().is_empty()
                && list_item(lines[i]).is_none()
            {
                content.push(lines[i].trim().to_string());
                i += 1;
            }
            let joined = content
                .iter()
                .map(|l| strip_inline(l))
                .collect::<Vec<_>>()
                .join(" ");
            b.push_block(&text::collapse_spaces(&joined), Some(RegionKind::ListItem));
            continue;
        } else if trimmed.starts_with('|') && trimmed.ends_with('|') {
            b.flush_paragraph();
            let cells: Vec<String> = trimmed
                .trim_matches('|')
                .split('|')
                .map(|c| strip_inline(c.trim()))
                .collect();
            b.push_block(&cells.join(" | "), None);
        } else {
            b.paragraph.push(trimmed.to_string());
        }
        i += 1;
    }
    b.flush_paragraph();
    b.doc
}

/// The fence that opens a code block (```` ``` ```` or `~~~`), if this line opens one.
/// `http://…` or `https://…`, in any case.
fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn code_fence(line: &str) -> Option<&'static str> {
    if line.starts_with("```") {
        Some("```")
    } else if line.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// `## Heading ##` → (2, "Heading").
fn atx_heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

fn is_setext_underline(line: &str) -> bool {
    line.len() >= 2 && (line.chars().all(|c| c == '=') || line.chars().all(|c| c == '-'))
}

/// `---`, `***`, `___` (with optional spaces).
fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|&m| compact.chars().all(|c| c == m))
}

/// `[ref]: https://...` lines define link targets and are not text.
fn is_link_definition(line: &str) -> bool {
    static DEF: OnceLock<Regex> = OnceLock::new();
    DEF.get_or_init(|| Regex::new(r"^\[[^\]]+\]:\s*\S+").expect("valid regex"))
        .is_match(line)
}

/// `| --- | :---: |` separates a table's header from its rows.
fn is_table_delimiter(line: &str) -> bool {
    line.contains('-')
        && line.contains('|')
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn strip_quote_marker(line: &str) -> &str {
    let rest = line.trim_start();
    let rest = rest.trim_start_matches('>');
    rest.strip_prefix(' ').unwrap_or(rest)
}

/// The content of a bullet (`-`, `*`, `+`) or numbered (`1.`, `1)`) list item.
fn list_item(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 8 {
        return None;
    }
    if let Some(rest) = trimmed.strip_prefix(['-', '*', '+']) {
        return rest
            .strip_prefix([' ', '\t'])
            .map(str::trim)
            .filter(|r| !r.is_empty() && !is_rule(trimmed));
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &trimmed[digits..];
        if let Some(after) = rest.strip_prefix(['.', ')']) {
            return after.strip_prefix([' ', '\t']).map(str::trim);
        }
    }
    None
}

/// Removes inline markup from one line of text.
pub(crate) fn strip_inline(line: &str) -> String {
    static IMAGE: OnceLock<Regex> = OnceLock::new();
    static LINK: OnceLock<Regex> = OnceLock::new();
    static AUTOLINK: OnceLock<Regex> = OnceLock::new();
    static TAG: OnceLock<Regex> = OnceLock::new();
    let image = IMAGE
        .get_or_init(|| Regex::new(r"!\[[^\]]*\](\([^)]*\)|\[[^\]]*\])").expect("valid regex"));
    let link = LINK
        .get_or_init(|| Regex::new(r"\[([^\]]*)\](\([^)]*\)|\[[^\]]*\])").expect("valid regex"));
    let autolink =
        AUTOLINK.get_or_init(|| Regex::new(r"<((?:https?|mailto):[^>\s]+)>").expect("valid regex"));
    let tag = TAG.get_or_init(|| {
        Regex::new(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>").expect("valid regex")
    });

    // Code spans are taken verbatim; markup is stripped only outside them.
    let mut out = String::with_capacity(line.len());
    for (i, piece) in line.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(piece);
            continue;
        }
        let s = image.replace_all(piece, "");
        let s = link.replace_all(&s, "$1");
        let s = autolink.replace_all(&s, "$1");
        let s = tag.replace_all(&s, "");
        out.push_str(&strip_emphasis(&s));
    }
    text::decode_basic_entities(&out)
}

/// Drops `*`, `_` and `~~` emphasis markers, but keeps a lone `*` between
/// spaces ("2 * 3"), underscores inside words (`snake_case`) and escaped
/// characters (`\*`).
fn strip_emphasis(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() {
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if matches!(c, '*' | '_' | '~') {
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + run).copied();
            let space_before = before.is_none_or(char::is_whitespace);
            let space_after = after.is_none_or(char::is_whitespace);
            let intraword = before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric);
            let is_marker = match c {
                '*' => !(space_before && space_after),
                '_' => !(intraword || (space_before && space_after)),
                _ => run >= 2,
            };
            if !is_marker {
                out.extend(&chars[i..i + run]);
            }
            i += run;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_is_stripped() {
        assert_eq!(
            strip_inline("**Bold** and _it_ with [a link](http://x.test) ![img](p.png) `a*b` snake_case 2 * 3 \\*lit\\*"),
            "Bold and it with a link  a*b snake_case 2 * 3 *lit*"
        );
        assert_eq!(
            strip_inline("~~gone~~ <span class=\"x\">kept</span> &amp;"),
            "gone kept &"
        );
    }

    #[test]
    fn blocks_become_regions() {
        let doc = convert("# Title here\n\nIntro line one\nline two.\n\n## Section\n\n- item *one*\n- item two\n\n> quoted\n> text\n\n```\ncode  here\n```\n");
        assert_eq!(doc.title.as_deref(), Some("Title here"));
        assert_eq!(
            doc.text,
            "Title here\n\nIntro line one line two.\n\nSection\n\nitem one\n\nitem two\n\nquoted text\n\ncode  here"
        );
        let kinds: Vec<_> = doc.regions.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                RegionKind::Headline,
                RegionKind::Heading,
                RegionKind::ListItem,
                RegionKind::ListItem,
                RegionKind::Quote
            ]
        );
    }

    #[test]
    fn front_matter_lists_and_scalars() {
        let (front, rest) = split_front_matter(
            "---\ntitle: \"A: B\"\nauthors:\n  - Jane Doe\n  - John Roe\ntags: [a, b]\n---\nBody",
        );
        assert_eq!(front["title"], ["A: B"]);
        assert_eq!(front["authors"], ["Jane Doe", "John Roe"]);
        assert_eq!(front["tags"], ["a", "b"]);
        assert_eq!(rest, "Body");
    }

    #[test]
    fn only_a_web_address_is_the_url() {
        let url = |value: &str| {
            let source = format!("---\nurl: \"{value}\"\n---\n# Title\n\nBody text.\n");
            match Markdown.read("a.md", source.as_bytes(), &Limits::default()) {
                Ok(Read::Documents(docs)) => docs[0].url.clone(),
                _ => panic!("a.md did not read"),
            }
        };
        assert_eq!(
            url("https://example.com/a").as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(
            url("HTTP://example.com/a").as_deref(),
            Some("HTTP://example.com/a")
        );
        assert_eq!(url("javascript:window.__pwned=1"), None);
        assert_eq!(url("file:///etc/passwd"), None);
        assert_eq!(url("data:text/html,<script>x</script>"), None);
    }
}
