//! Article metadata from a page's markup: JSON-LD, OpenGraph and other meta
//! tags, `<title>`, `<link rel=canonical>`, `<html lang>`, `<time>` elements,
//! bylines and the dates in URLs.

use dossier_core::{DocDate, FieldSource};
use serde_json::Value;

use super::date::{date_from_url, parse_markup_date};
use super::dom::{Dom, NodeId, ROOT};

/// What the markup says about the article.
#[derive(Debug, Default, Clone)]
pub struct PageMeta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<(DocDate, FieldSource)>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

/// Everything the page declares, gathered once.
struct Sources {
    /// `(key, content)` of every `<meta>`, keys lower-cased: `name`, each word of `property`, `itemprop`.
    metas: Vec<(String, String)>,
    /// The JSON-LD object describing the article, if any.
    article_ld: Option<Value>,
    /// Every JSON-LD object on the page, flattened out of `@graph`s and arrays.
    all_ld: Vec<Value>,
}

impl Sources {
    fn gather(dom: &Dom) -> Sources {
        let mut metas = Vec::new();
        let mut all_ld = Vec::new();
        for id in dom.descendants(ROOT) {
            match dom.tag(id) {
                "meta" => {
                    let Some(content) = dom.attr(id, "content") else {
                        continue;
                    };
                    let content = crate::text::collapse_spaces(content);
                    if content.is_empty() {
                        continue;
                    }
                    for attr in ["name", "property", "itemprop"] {
                        for key in dom.attr(id, attr).unwrap_or("").split_whitespace() {
                            metas.push((key.to_ascii_lowercase(), content.clone()));
                        }
                    }
                }
                "script"
                    if dom
                        .attr(id, "type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    if let Some(value) = parse_json_ld(&dom.text_content(id)) {
                        flatten_ld(value, &mut all_ld, 0);
                    }
                }
                _ => {}
            }
        }
        let article_ld = all_ld
            .iter()
            .find(|v| ld_type_matches(v, is_article_type))
            .cloned();
        Sources {
            metas,
            article_ld,
            all_ld,
        }
    }

    /// The first non-empty value among the meta keys, in the order given.
    fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    }

    fn ld_str(&self, field: &str) -> Option<String> {
        self.article_ld
            .as_ref()
            .and_then(|v| v.get(field))
            .and_then(ld_text)
    }

    /// A JSON-LD value with `{"@id": ...}` references (Yoast's `@graph` style)
    /// replaced by the objects they point to.
    fn resolve(&self, v: &Value) -> Value {
        match v {
            Value::Array(items) => Value::Array(items.iter().map(|i| self.resolve(i)).collect()),
            Value::Object(map) if map.get("name").is_none() => {
                let target = map.get("@id").and_then(Value::as_str).and_then(|id| {
                    self.all_ld.iter().find(|o| {
                        o.get("@id").and_then(Value::as_str) == Some(id) && o.get("name").is_some()
                    })
                });
                target.cloned().unwrap_or_else(|| v.clone())
            }
            _ => v.clone(),
        }
    }

    /// A field of the article object, references resolved.
    fn ld_field(&self, field: &str) -> Option<Value> {
        self.article_ld
            .as_ref()
            .and_then(|v| v.get(field))
            .map(|v| self.resolve(v))
    }
}

/// Parses a JSON-LD block, tolerating the CDATA and comment wrappers some CMSs add.
fn parse_json_ld(raw: &str) -> Option<Value> {
    let trimmed = raw
        .trim()
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("]]>")
        .trim();
    let trimmed = trimmed.trim_start_matches("//").trim();
    serde_json::from_str(trimmed).ok().or_else(|| {
        // A trailing semicolon or comma is a common hand-edited mistake.
        serde_json::from_str(trimmed.trim_end_matches([';', ','])).ok()
    })
}

fn flatten_ld(value: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items
            .into_iter()
            .for_each(|v| flatten_ld(v, out, depth + 1)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten_ld(graph, out, depth + 1);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article")
        || t.ends_with("Posting")
        || matches!(t, "Report" | "APIReference" | "Review")
}

fn ld_type_matches(v: &Value, pred: fn(&str) -> bool) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => pred(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(pred),
        _ => false,
    }
}

/// A JSON-LD value as text: a string, or the `name` of an object, or the first of a list.
fn ld_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Object(map) => return map.get("name").and_then(ld_text),
        Value::Array(items) => return items.iter().find_map(ld_text),
        _ => return None,
    };
    let s = crate::text::collapse_spaces(&decode_entities(&s));
    (!s.is_empty()).then_some(s)
}

/// Names of JSON-LD authors: strings, `{name}` objects, or lists of either.
fn ld_names(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().flat_map(ld_names).collect(),
        Value::Object(map) => map.get("name").and_then(ld_text).into_iter().collect(),
        Value::String(_) => ld_text(v).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The few entities that survive in attribute values and JSON-LD after parsing.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
}

/// Reads all metadata of a parsed page (before any clutter is removed).
pub fn read_meta(dom: &Dom) -> PageMeta {
    let src = Sources::gather(dom);
    let site_name = site_name(&src);
    let url = canonical_url(dom, &src);
    let title = title(dom, &src, site_name.as_deref());
    let published = published(dom, &src, url.as_deref());
    PageMeta {
        title,
        authors: meta_authors(&src),
        published,
        site_name,
        url,
        language: language(dom, &src),
    }
}

fn site_name(src: &Sources) -> Option<String> {
    src.ld_field("publisher")
        .as_ref()
        .and_then(ld_text)
        .or_else(|| src.meta(&["og:site_name"]))
        .or_else(|| {
            src.all_ld
                .iter()
                .find(|v| ld_type_matches(v, |t| t == "WebSite"))
                .and_then(|v| v.get("name"))
                .and_then(ld_text)
        })
        .or_else(|| {
            src.meta(&[
                "application-name",
                "al:android:app_name",
                "al:iphone:app_name",
            ])
        })
        .map(|s| decode_entities(&s))
}

fn canonical_url(dom: &Dom, src: &Sources) -> Option<String> {
    let canonical = dom
        .descendants(ROOT)
        .into_iter()
        .find(|&id| {
            dom.tag(id) == "link"
                && dom.attr(id, "rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                })
        })
        .and_then(|id| dom.attr(id, "href"))
        .map(str::trim)
        .filter(|h| h.starts_with("http"))
        .map(str::to_string);
    canonical
        .or_else(|| {
            src.meta(&["og:url", "twitter:url", "parsely-link"])
                .filter(|u| u.starts_with("http"))
        })
        .or_else(|| src.ld_str("url").filter(|u| u.starts_with("http")))
}

fn language(dom: &Dom, src: &Sources) -> Option<String> {
    let from_html = dom
        .first("html")
        .and_then(|h| dom.attr(h, "lang").or_else(|| dom.attr(h, "xml:lang")))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    from_html
        .or_else(|| src.meta(&["content-language", "dc.language", "language", "og:locale"]))
        .map(|l| l.replace('_', "-"))
        .filter(|l| l.len() <= 35 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn title(dom: &Dom, src: &Sources, site: Option<&str>) -> Option<String> {
    let document_title = dom
        .first("title")
        .map(|t| dom.inner_text(t))
        .filter(|t| !t.is_empty());
    let from_meta = ld_title(src, document_title.as_deref())
        .or_else(|| {
            src.meta(&[
                "dc:title",
                "dcterm:title",
                "dc.title",
                "og:title",
                "weibo:article:title",
                "weibo:webpage:title",
                "title",
                "twitter:title",
                "parsely-title",
                "sailthru.title",
            ])
        })
        .map(|t| decode_entities(&t));
    if let Some(t) = from_meta {
        return Some(strip_site_from_title(&t, site));
    }
    match document_title {
        Some(t) => Some(clean_document_title(dom, &t, site)),
        None => dom
            .first("h1")
            .map(|h| dom.inner_text(h))
            .filter(|t| !t.is_empty()),
    }
}

/// The JSON-LD `headline` or `name`; when they differ, the one closer to `<title>`
/// (Wikipedia's `headline` is a one-line description, its `name` the title).
fn ld_title(src: &Sources, document_title: Option<&str>) -> Option<String> {
    let (name, headline) = (src.ld_str("name"), src.ld_str("headline"));
    match (name, headline) {
        (Some(n), Some(h)) if n != h => {
            let page = document_title.unwrap_or("");
            Some(
                if super::extract::similarity(&n, page) > super::extract::similarity(&h, page) {
                    n
                } else {
                    h
                },
            )
        }
        (n, h) => h.or(n),
    }
}

const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", " \\ ", " > ",
];

/// Drops a " | Site" suffix (or "Site: " prefix) that repeats the known site name.
fn strip_site_from_title(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if tail.trim().eq_ignore_ascii_case(site) && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Makes a `<title>` into the article title: without the site-name part.
fn clean_document_title(dom: &Dom, full: &str, site: Option<&str>) -> String {
    let stripped = strip_site_from_title(full, site);
    if stripped != full {
        return stripped;
    }
    let headings: Vec<String> = dom
        .find_all(ROOT, &["h1", "h2"])
        .into_iter()
        .map(|h| dom.inner_text(h))
        .collect();
    if headings.iter().any(|h| h == full) {
        return full.to_string();
    }
    let Some(sep) = TITLE_SEPARATORS
        .iter()
        .filter(|s| full.contains(*s))
        .min_by_key(|s| full.rfind(*s))
    else {
        return full.to_string();
    };
    let word_count = |s: &str| s.split_whitespace().count();
    let hierarchical = [" / ", " \\ ", " > ", " » "].contains(sep);
    let mut candidate = full
        .rsplit_once(sep)
        .map_or(full, |(head, _)| head)
        .trim()
        .to_string();
    if word_count(&candidate) < 3 {
        candidate = full
            .split_once(sep)
            .map_or(full, |(_, tail)| tail)
            .trim()
            .to_string();
    }
    let original_words = word_count(&full.replace(sep.trim(), " "));
    if word_count(&candidate) <= 4
        && (!hierarchical || word_count(&candidate) != original_words.saturating_sub(1))
    {
        return full.to_string();
    }
    candidate
}

fn meta_authors(src: &Sources) -> Vec<String> {
    if let Some(author) = src.ld_field("author").or_else(|| src.ld_field("creator")) {
        let names: Vec<String> = ld_names(&author)
            .into_iter()
            .filter(|n| !looks_like_url(n))
            .flat_map(|n| split_byline(&n))
            .collect();
        if !names.is_empty() {
            return dedup(names);
        }
    }
    const AUTHOR_KEYS: &[&str] = &[
        "dc:creator",
        "dcterm:creator",
        "dc.creator",
        "author",
        "parsely-author",
        "sailthru.author",
        "byl",
        "article:author",
        "og:article:author",
    ];
    for key in AUTHOR_KEYS {
        let names: Vec<String> = src
            .metas
            .iter()
            .filter(|(k, v)| k == key && !looks_like_url(v) && !v.starts_with('@'))
            .flat_map(|(_, v)| split_byline(&decode_entities(v)))
            .collect();
        if !names.is_empty() {
            return dedup(names);
        }
    }
    Vec::new()
}

fn dedup(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
    }
    out
}

fn looks_like_url(s: &str) -> bool {
    let s = s.trim();
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("www.")
        || s.starts_with('/')
}

/// Splits a byline into names: strips "By", cuts off dates and job titles
/// after a separator, splits on "and", "&", ";" and on commas between full names.
pub fn split_byline(raw: &str) -> Vec<String> {
    let mut s = crate::text::collapse_spaces(raw);
    for prefix in [
        "written by ",
        "posted by ",
        "by: ",
        "by ",
        "par ",
        "von ",
        "por ",
        "door ",
        "di ",
    ] {
        if s.len() >= prefix.len()
            && s.is_char_boundary(prefix.len())
            && s[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            s = s[prefix.len()..].trim().to_string();
            break;
        }
    }
    // "Jane Doe | Reuters", "Jane Doe - Updated Nov 22": keep what comes first.
    for sep in [" | ", " — ", " – ", " - ", "\u{b7}"] {
        if let Some((head, _)) = s.split_once(sep) {
            s = head.trim().to_string();
        }
    }
    for marker in [
        " edited by ",
        " updated ",
        " published ",
        " photographs by ",
        " photos by ",
    ] {
        if let Some(i) = s.to_lowercase().find(marker) {
            if s.is_char_boundary(i) {
                s.truncate(i);
            }
        }
    }
    if let Some(i) = s.to_lowercase().find(" by ") {
        if s.is_char_boundary(i + 4) {
            s = s[i + 4..].to_string();
        }
    }
    let s = cut_at_date(&s);
    let mut names = Vec::new();
    for part in s
        .split([';', '&', '\n'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" AND "))
    {
        let part = crate::text::collapse_spaces(part);
        let part = part
            .trim_matches(|c: char| c == ',' || c.is_whitespace())
            .to_string();
        if part.is_empty() {
            continue;
        }
        let pieces: Vec<String> = part
            .split(',')
            .map(crate::text::collapse_spaces)
            .filter(|p| !p.is_empty())
            .collect();
        if pieces.len() > 1 && pieces.iter().all(|p| p.contains(' ')) {
            names.extend(pieces);
        } else {
            names.push(part);
        }
    }
    names
        .into_iter()
        .map(|n| cut_at_date(&n))
        .filter(|n| n.chars().count() <= 80 && n.chars().any(char::is_alphabetic))
        .collect()
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "Joshua Sokol May 20, 2019" → "Joshua Sokol": a byline element often holds the date too.
fn cut_at_date(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let starts_date = |i: usize| {
        let w = words[i];
        let bare = w.trim_end_matches(['.', ',']).to_lowercase();
        w.chars().any(|c| c.is_ascii_digit())
            || w.starts_with('@')
            || (MONTHS.contains(&bare.as_str())
                && words
                    .get(i + 1)
                    .is_some_and(|n| n.chars().next().is_some_and(|c| c.is_ascii_digit())))
    };
    let end = (1..words.len())
        .find(|&i| starts_date(i))
        .unwrap_or(words.len());
    let mut kept: Vec<&str> = words[..end].to_vec();
    // "Nolan22": a name run into the date by missing markup.
    if let Some(w) = words
        .get(end)
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
    {
        let letters = w.trim_end_matches(|c: char| !c.is_alphabetic());
        if letters.chars().count() >= 2 && letters.chars().all(char::is_alphabetic) {
            kept.push(letters);
        }
    }
    kept.join(" ")
        .trim_end_matches([',', '|', '-', '·'])
        .trim()
        .to_string()
}

const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "published_time",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc:date",
    "dcterms.issued",
    "citation_publication_date",
    "article.published",
    "article_date_original",
    "publication_date",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
    "og:published_time",
    "release_date",
    "timestamp",
];

fn published(dom: &Dom, src: &Sources, url: Option<&str>) -> Option<(DocDate, FieldSource)> {
    let meta = |d: DocDate| (d, FieldSource::Metadata);
    if let Some(d) = src
        .ld_str("datePublished")
        .as_deref()
        .and_then(parse_markup_date)
    {
        return Some(meta(d));
    }
    for key in DATE_META_KEYS {
        if let Some(d) = src
            .metas
            .iter()
            .filter(|(k, _)| k == key)
            .find_map(|(_, v)| parse_markup_date(v))
        {
            return Some(meta(d));
        }
    }
    if let Some(d) = src
        .all_ld
        .iter()
        .find_map(|v| v.get("datePublished").and_then(ld_text))
        .as_deref()
        .and_then(parse_markup_date)
    {
        return Some(meta(d));
    }
    if let Some(d) = time_element_date(dom) {
        return Some(meta(d));
    }
    if let Some(d) = url.and_then(date_from_url) {
        return Some(meta(d));
    }
    if let Some(d) = first_time_element_date(dom) {
        return Some(meta(d));
    }
    if let Some(d) = src
        .ld_str("dateCreated")
        .or_else(|| src.ld_str("dateModified"))
        .as_deref()
        .and_then(parse_markup_date)
    {
        return Some(meta(d));
    }
    visible_date(dom).map(|d| (d, FieldSource::Text))
}

/// A `<time>` or other element marked as the publication time (`itemprop=datePublished`, `pubdate`).
fn time_element_date(dom: &Dom) -> Option<DocDate> {
    let times: Vec<NodeId> = dom.find_all(ROOT, &["time"]);
    let marked = times.iter().copied().find(|&t| {
        dom.attr(t, "itemprop")
            .is_some_and(|p| p.contains("datePublished"))
            || dom.attr(t, "pubdate").is_some()
            || dom.class_and_id(t).contains("publish")
    });
    let from_itemprop = dom
        .descendants(ROOT)
        .into_iter()
        .filter(|&n| {
            dom.attr(n, "itemprop")
                .is_some_and(|p| p.split_whitespace().any(|w| w == "datePublished"))
        })
        .find_map(|n| {
            dom.attr(n, "datetime")
                .or_else(|| dom.attr(n, "content"))
                .and_then(parse_markup_date)
        });
    marked
        .and_then(|t| {
            dom.attr(t, "datetime")
                .and_then(parse_markup_date)
                .or_else(|| crate::dates::parse_date(&dom.inner_text(t)))
        })
        .or(from_itemprop)
}

/// The first `<time datetime>` anywhere: weaker, as it may date a related link.
fn first_time_element_date(dom: &Dom) -> Option<DocDate> {
    dom.find_all(ROOT, &["time"])
        .into_iter()
        .find_map(|t| dom.attr(t, "datetime").and_then(parse_markup_date))
}

/// A date written in an element whose class says it holds the date ("date", "published", "timestamp").
fn visible_date(dom: &Dom) -> Option<DocDate> {
    for id in dom.descendants(ROOT) {
        if !dom.is_element(id) || matches!(dom.tag(id), "script" | "style" | "body" | "html") {
            continue;
        }
        let names = dom.class_and_id(id);
        if ![
            "date",
            "published",
            "timestamp",
            "dateline",
            "posted",
            "byline",
            "meta",
        ]
        .iter()
        .any(|w| names.contains(w))
        {
            continue;
        }
        let text = dom.inner_text(id);
        if text.is_empty() || text.chars().count() > 120 {
            continue;
        }
        if let Some(d) = date_in_text(&text) {
            return Some(d);
        }
    }
    None
}

/// The whole text as a date, else the first full date inside it ("Published Nov. 22, 2023 | 5:04 pm").
fn date_in_text(text: &str) -> Option<DocDate> {
    parse_markup_date(text).or_else(|| {
        crate::dates::find_date(text)
            .map(|(d, _)| d)
            .filter(|d| d.precision >= dossier_core::DatePrecision::Day)
    })
}
