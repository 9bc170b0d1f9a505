//! Finding the article body among the page clutter.
//!
//! The approach is the one popularised by Arc90 Readability: paragraphs vote
//! for the containers above them with a score that grows with their text and
//! commas; class and id names that sound like content (`article`, `post`) or
//! clutter (`comment`, `sidebar`, `share`) push containers up or down; link-heavy
//! containers are discounted. The best container wins, its siblings join it when
//! they look like more of the same, and blocks inside it that look like clutter
//! are cleaned out. When that leaves too little text, the pass is repeated with
//! the riskier filters turned off.

use std::collections::HashMap;

use super::dom::{Dom, NodeId, ROOT};
use super::render::{is_hidden, NEVER_TEXT};

/// Class/id words of containers that are almost never the article.
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "newsletter",
    "cookie",
    "consent",
    "subscribe",
    "paywall",
];

/// Words that rescue a container named with an [`UNLIKELY`] word.
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
];

/// Class/id words of content containers.
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];

/// Class/id words of clutter containers.
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "newsletter",
    "taboola",
    "recirc",
];

/// ARIA roles of page furniture.
const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
];

/// Children that make a `div` a container rather than a paragraph.
const BLOCK_CHILDREN: &[&str] = &[
    "blockquote",
    "dl",
    "div",
    "img",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
    "section",
    "article",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "form",
];

/// Elements whose text votes for the containers above them.
const SCORED_TAGS: &[&str] = &["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];

/// Pages with less body text than this are retried with looser filters.
const ENOUGH_TEXT: usize = 500;

#[derive(Debug, Clone, Copy)]
struct Flags {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

/// What extraction found.
#[derive(Debug, Default, Clone)]
pub struct Extracted {
    /// A detached `div` holding the article body in `dom`.
    pub body: Option<NodeId>,
}

/// Removes what is never content anywhere on a page: scripts, styles, hidden and form controls.
pub fn strip_non_content(dom: &mut Dom) {
    for id in dom.descendants(ROOT) {
        if dom.is_element(id)
            && (NEVER_TEXT.contains(&dom.tag(id)) || is_hidden(dom, id))
            && dom.tag(id) != "head"
        {
            dom.remove(id);
        }
    }
}

/// Finds the page's byline element (`rel=author`, `itemprop=author`, classes
/// like `byline`), outside comment sections, whose text reads as names; removes
/// it from the page so that it does not end up in the body, and returns its text.
pub fn take_byline(dom: &mut Dom, looks_like_names: impl Fn(&str) -> bool) -> Option<String> {
    let body = body_of(dom);
    for id in dom.descendants(body) {
        if !dom.is_element(id)
            || !dom.is_attached(id)
            || !is_byline_element(dom, id, &dom.class_and_id(id))
        {
            continue;
        }
        let text = dom.inner_text(id);
        if text.is_empty() || text.chars().count() >= 100 || !looks_like_names(&text) {
            continue;
        }
        let in_comments = dom.ancestors(id, 0).into_iter().any(|a| {
            contains_any(
                &dom.class_and_id(a),
                &[
                    "comment",
                    "reply",
                    "replies",
                    "related",
                    "footer",
                    "recommend",
                ],
            )
        });
        if !in_comments {
            dom.remove(id);
            return Some(text);
        }
    }
    None
}

/// Extracts the article body. `title` helps drop a heading that repeats it.
pub fn extract(dom: &Dom, title: Option<&str>) -> (Dom, Extracted) {
    let attempts = [
        Flags {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
        },
    ];
    let mut best: Option<(usize, Dom, Extracted)> = None;
    for flags in attempts {
        let mut work = dom.clone();
        let found = grab_article(&mut work, flags, title);
        let len = found.body.map_or(0, |b| work.inner_text(b).chars().count());
        if len >= ENOUGH_TEXT {
            return (work, found);
        }
        let longer = match &best {
            Some((best_len, _, _)) => len > *best_len,
            None => true,
        };
        if longer {
            best = Some((len, work, found));
        }
    }
    best.map(|(_, d, e)| (d, e))
        .unwrap_or_else(|| (dom.clone(), Extracted::default()))
}

fn contains_any(haystack: &str, words: &[&str]) -> bool {
    words.iter().any(|w| haystack.contains(w))
}

/// +25 for content-sounding class and id names, -25 for clutter-sounding ones.
fn class_weight(dom: &Dom, id: NodeId, flags: Flags) -> f64 {
    if !flags.weight_classes {
        return 0.0;
    }
    let mut weight = 0.0;
    for attr in ["class", "id"] {
        let value = dom.attr(id, attr).unwrap_or("").to_ascii_lowercase();
        if value.is_empty() {
            continue;
        }
        if contains_any(&value, NEGATIVE) || is_hid_word(&value) {
            weight -= 25.0;
        }
        if contains_any(&value, POSITIVE) {
            weight += 25.0;
        }
    }
    weight
}

fn is_hid_word(value: &str) -> bool {
    value.split_whitespace().any(|w| w == "hid")
}

fn tag_base_score(tag: &str) -> f64 {
    match tag {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn count_commas(text: &str) -> usize {
    text.chars()
        .filter(|c| {
            matches!(
                c,
                ',' | '\u{060C}'
                    | '\u{FE50}'
                    | '\u{FE10}'
                    | '\u{FE11}'
                    | '\u{2E41}'
                    | '\u{2E34}'
                    | '\u{2E32}'
                    | '\u{FF0C}'
                    | '\u{3001}'
            )
        })
        .count()
}

fn text_len(dom: &Dom, id: NodeId) -> usize {
    dom.inner_text(id).chars().count()
}

/// Share of an element's text that sits inside links (in-page `#` links count less).
pub fn link_density(dom: &Dom, id: NodeId) -> f64 {
    let total = text_len(dom, id);
    if total == 0 {
        return 0.0;
    }
    let mut linked = 0.0;
    for a in dom.find_all(id, &["a"]) {
        let weight = if dom
            .attr(a, "href")
            .is_some_and(|h| h.trim_start().starts_with('#'))
        {
            0.3
        } else {
            1.0
        };
        linked += text_len(dom, a) as f64 * weight;
    }
    linked / total as f64
}

fn is_byline_element(dom: &Dom, id: NodeId, match_string: &str) -> bool {
    let rel_author = dom.attr(id, "rel") == Some("author");
    let itemprop_author = dom
        .attr(id, "itemprop")
        .is_some_and(|p| p.contains("author"));
    // Whole words only: "author-name" and "byline" count, "authentication" does not.
    let named = match_string
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| {
            w.ends_with("byline")
                || w.ends_with("author")
                || w.ends_with("authors")
                || matches!(
                    w,
                    "bylines"
                        | "dateline"
                        | "writtenby"
                        | "byl"
                        | "creator"
                        | "contributor"
                        | "contributors"
                )
        });
    rel_author || itemprop_author || named
}

/// Word-set overlap of two strings: how far `b` is made of `a`'s words.
pub fn similarity(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let unique_b: Vec<&String> = b.iter().filter(|w| !a.contains(w)).collect();
    let b_len: usize = b.iter().map(|w| w.len() + 1).sum();
    let unique_len: usize = unique_b.iter().map(|w| w.len() + 1).sum();
    1.0 - unique_len as f64 / b_len as f64
}

fn has_content(dom: &Dom, id: NodeId) -> bool {
    !dom.text_content(id).trim().is_empty()
        || !dom
            .find_all(
                id,
                &["img", "picture", "video", "iframe", "object", "embed", "hr"],
            )
            .is_empty()
}

fn body_of(dom: &Dom) -> NodeId {
    dom.first("body").unwrap_or(ROOT)
}

/// One extraction pass with the given filters.
fn grab_article(dom: &mut Dom, flags: Flags, title: Option<&str>) -> Extracted {
    let body = body_of(dom);
    let mut found = Extracted::default();
    let mut to_score = Vec::new();
    let mut title_heading_removed = false;

    for id in dom.descendants(body) {
        if !dom.is_element(id) || !dom.is_attached(id) {
            continue;
        }
        let tag = dom.tag(id).to_string();
        let match_string = dom.class_and_id(id);

        if !title_heading_removed && matches!(tag.as_str(), "h1" | "h2") {
            if let Some(title) = title {
                if similarity(title, &dom.inner_text(id)) > 0.75 {
                    title_heading_removed = true;
                    dom.remove(id);
                    continue;
                }
            }
        }

        if flags.strip_unlikely && is_unlikely(dom, id, &tag, &match_string) {
            dom.remove(id);
            continue;
        }

        if matches!(
            tag.as_str(),
            "div" | "section" | "header" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) && !has_content(dom, id)
        {
            dom.remove(id);
            continue;
        }

        if SCORED_TAGS.contains(&tag.as_str()) {
            to_score.push(id);
        }

        if tag == "div" {
            if dom.find_all(id, BLOCK_CHILDREN).is_empty() {
                dom.set_tag(id, "p");
                to_score.push(id);
            } else {
                to_score.extend(wrap_inline_runs(dom, id));
            }
        }
    }

    let scores = score_paragraphs(dom, &to_score, flags);
    let Some(top) = pick_top_candidate(dom, &scores, body) else {
        let article = dom.create("div");
        for child in dom.children(body) {
            dom.append(article, child);
        }
        clean_article(dom, article, flags, &scores);
        found.body = Some(article);
        return found;
    };
    let article = gather_siblings(dom, top, &scores);
    clean_article(dom, article, flags, &scores);
    found.body = Some(article);
    found
}

fn is_unlikely(dom: &Dom, id: NodeId, tag: &str, match_string: &str) -> bool {
    if let Some(role) = dom.attr(id, "role") {
        if UNLIKELY_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()) {
            return true;
        }
    }
    if matches!(tag, "body" | "a" | "main" | "article") {
        return false;
    }
    if matches!(tag, "nav" | "aside") {
        return true;
    }
    contains_any(match_string, UNLIKELY)
        && !contains_any(match_string, MAYBE)
        && !dom
            .ancestors(id, 0)
            .iter()
            .any(|&a| matches!(dom.tag(a), "table" | "code"))
}

/// Wraps runs of text and inline elements directly inside a container `div`
/// into paragraphs, so that they are scored like paragraphs. Returns the new paragraphs.
fn wrap_inline_runs(dom: &mut Dom, div: NodeId) -> Vec<NodeId> {
    let children = dom.children(div);
    let mut new_children = Vec::with_capacity(children.len());
    let mut run: Vec<NodeId> = Vec::new();
    let mut made = Vec::new();
    let flush = |dom: &mut Dom,
                 run: &mut Vec<NodeId>,
                 new_children: &mut Vec<NodeId>,
                 made: &mut Vec<NodeId>| {
        if run.is_empty() {
            return;
        }
        let has_text = run.iter().any(|&n| !dom.text_content(n).trim().is_empty());
        if has_text {
            let p = dom.create("p");
            dom.set_children(p, std::mem::take(run));
            new_children.push(p);
            made.push(p);
        } else {
            new_children.append(run);
        }
        run.clear();
    };
    for child in children {
        let is_block = dom.is_element(child)
            && (super::render::BLOCKS.contains(&dom.tag(child))
                || BLOCK_CHILDREN.contains(&dom.tag(child)));
        if is_block {
            flush(dom, &mut run, &mut new_children, &mut made);
            new_children.push(child);
        } else {
            run.push(child);
        }
    }
    flush(dom, &mut run, &mut new_children, &mut made);
    dom.set_children(div, new_children);
    made
}

fn score_paragraphs(dom: &Dom, to_score: &[NodeId], flags: Flags) -> HashMap<NodeId, f64> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for &p in to_score {
        if !dom.is_attached(p) {
            continue;
        }
        let text = dom.inner_text(p);
        let len = text.chars().count();
        if len < 25 {
            continue;
        }
        let ancestors = dom.ancestors(p, 5);
        if ancestors.is_empty() {
            continue;
        }
        let content_score = 1.0 + count_commas(&text) as f64 + (len / 100).min(3) as f64;
        for (level, &a) in ancestors.iter().enumerate() {
            if dom.tag(a).is_empty() || dom.parent(a).is_none() {
                continue;
            }
            let entry = scores
                .entry(a)
                .or_insert_with(|| tag_base_score(dom.tag(a)) + class_weight(dom, a, flags));
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            *entry += content_score / divider;
        }
    }
    scores
}

fn pick_top_candidate(dom: &Dom, scores: &HashMap<NodeId, f64>, body: NodeId) -> Option<NodeId> {
    let mut ranked: Vec<(NodeId, f64)> = scores
        .iter()
        .filter(|(&id, _)| id != body && id != ROOT && dom.tag(id) != "html")
        .map(|(&id, &s)| (id, s * (1.0 - link_density(dom, id))))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(5);
    let &(mut top, top_score) = ranked.first()?;
    let adjusted: HashMap<NodeId, f64> = ranked.iter().copied().collect();
    let adjusted_score = |id: NodeId| {
        adjusted
            .get(&id)
            .copied()
            .or_else(|| scores.get(&id).map(|s| s * (1.0 - link_density(dom, id))))
    };

    // When several strong candidates share an ancestor, the ancestor is the article.
    let alternatives: Vec<Vec<NodeId>> = ranked
        .iter()
        .skip(1)
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|(id, _)| dom.ancestors(*id, 0))
        .collect();
    if alternatives.len() >= 3 {
        for parent in dom.ancestors(top, 0) {
            if parent == body {
                break;
            }
            if alternatives.iter().filter(|a| a.contains(&parent)).count() >= 3 {
                top = parent;
                break;
            }
        }
    }

    // Climb while the parent scores about as well: the article is often split in sections.
    let mut last_score = adjusted_score(top).unwrap_or(top_score);
    let threshold = last_score / 3.0;
    let mut parent = dom.parent(top);
    while let Some(p) = parent {
        if p == body || p == ROOT {
            break;
        }
        let Some(parent_score) = adjusted_score(p) else {
            parent = dom.parent(p);
            continue;
        };
        if parent_score < threshold {
            break;
        }
        if parent_score > last_score {
            top = p;
            break;
        }
        last_score = parent_score;
        parent = dom.parent(p);
    }

    // An only child says nothing its parent does not.
    while let Some(p) = dom.parent(top) {
        if p == body || p == ROOT || dom.element_children(p).count() != 1 {
            break;
        }
        top = p;
    }
    Some(top)
}

/// The top candidate plus siblings that look like more of the article, moved into a new `div`.
fn gather_siblings(dom: &mut Dom, top: NodeId, scores: &HashMap<NodeId, f64>) -> NodeId {
    let article = dom.create("div");
    let top_score = scores.get(&top).copied().unwrap_or(0.0) * (1.0 - link_density(dom, top));
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.attr(top, "class").unwrap_or("").to_string();
    let siblings: Vec<NodeId> = match dom.parent(top) {
        Some(p) => dom.children(p),
        None => vec![top],
    };
    for sibling in siblings {
        if !dom.is_element(sibling) {
            continue;
        }
        let keep = sibling == top || {
            let bonus = if !top_class.is_empty()
                && dom.attr(sibling, "class") == Some(top_class.as_str())
            {
                top_score * 0.2
            } else {
                0.0
            };
            let scored = scores.get(&sibling).is_some_and(|s| s + bonus >= threshold);
            scored || (dom.tag(sibling) == "p" && paragraph_worth_keeping(dom, sibling))
        };
        if keep {
            dom.append(article, sibling);
        }
    }
    article
}

fn paragraph_worth_keeping(dom: &Dom, p: NodeId) -> bool {
    let text = dom.inner_text(p);
    let len = text.chars().count();
    let density = link_density(dom, p);
    (len > 80 && density < 0.25)
        || (len > 0 && len <= 80 && density == 0.0 && (text.ends_with('.') || text.contains(". ")))
}

/// Removes clutter left inside the chosen body.
fn clean_article(dom: &mut Dom, article: NodeId, flags: Flags, scores: &HashMap<NodeId, f64>) {
    for id in dom.find_all(
        article,
        &[
            "footer", "aside", "nav", "link", "fieldset", "input", "textarea", "select", "button",
            "form",
        ],
    ) {
        if dom.tag(id) == "form" && text_len(dom, id) > 500 {
            continue;
        }
        dom.remove(id);
    }
    for id in dom.find_all(article, &["h1", "h2"]) {
        if class_weight(dom, id, flags) < 0.0 {
            dom.remove(id);
        }
    }
    for id in dom.descendants(article) {
        if dom.is_element(id) && dom.is_under(id, article) {
            let names = dom.class_and_id(id);
            if contains_any(&names, &["share", "sharedaddy", "social"]) && text_len(dom, id) < 500 {
                dom.remove(id);
            }
        }
    }
    if flags.clean_conditionally {
        for tag in ["table", "ul", "ol", "div", "section", "figure"] {
            for id in dom.find_all(article, &[tag]).into_iter().rev() {
                if dom.is_under(id, article) && should_remove_block(dom, id, flags, scores) {
                    dom.remove(id);
                }
            }
        }
    }
    for id in dom.find_all(article, &["p"]) {
        if !has_content(dom, id) {
            dom.remove(id);
        }
    }
}

fn is_data_table(dom: &Dom, table: NodeId) -> bool {
    if dom.attr(table, "role") == Some("presentation") || dom.attr(table, "datatable") == Some("0")
    {
        return false;
    }
    if dom.attr(table, "summary").is_some()
        || !dom
            .find_all(
                table,
                &["caption", "thead", "tfoot", "th", "col", "colgroup"],
            )
            .is_empty()
    {
        return true;
    }
    if !dom.find_all(table, &["table"]).is_empty() {
        return false;
    }
    let rows = dom.find_all(table, &["tr"]);
    let columns = rows
        .iter()
        .map(|&r| dom.find_all(r, &["td"]).len())
        .max()
        .unwrap_or(0);
    rows.len() >= 10 || columns > 4 || rows.len() * columns > 10
}

/// Whether a block inside the article is clutter: link lists, image strips,
/// forms, and blocks with clutter-sounding names.
fn should_remove_block(dom: &Dom, id: NodeId, flags: Flags, scores: &HashMap<NodeId, f64>) -> bool {
    let tag = dom.tag(id);
    if tag == "table" && is_data_table(dom, id) {
        return false;
    }
    let ancestors = dom.ancestors(id, 0);
    if ancestors
        .iter()
        .any(|&a| dom.tag(a) == "code" || (dom.tag(a) == "table" && is_data_table(dom, a)))
    {
        return false;
    }
    let weight = class_weight(dom, id, flags);
    if weight + scores.get(&id).map_or(0.0, |_| 0.0) < 0.0 {
        return true;
    }
    let text = dom.inner_text(id);
    if count_commas(&text) >= 10 {
        return false;
    }
    let count = |tags: &[&str]| dom.find_all(id, tags).len();
    let paragraphs = count(&["p"]) as f64;
    let images = count(&["img"]) as f64;
    let list_items = count(&["li"]) as f64 - 100.0;
    let inputs = count(&["input"]) as f64;
    let content_len = text.chars().count();
    let is_list = matches!(tag, "ul" | "ol") || {
        let list_text: usize = dom
            .find_all(id, &["ul", "ol"])
            .iter()
            .map(|&l| text_len(dom, l))
            .sum();
        content_len > 0 && list_text as f64 / content_len as f64 > 0.9
    };
    let heading_text: usize = dom
        .find_all(id, &["h1", "h2", "h3", "h4", "h5", "h6"])
        .iter()
        .map(|&h| text_len(dom, h))
        .sum();
    let heading_density = if content_len == 0 {
        0.0
    } else {
        heading_text as f64 / content_len as f64
    };
    let density = link_density(dom, id);
    let in_figure = tag == "figure" || ancestors.iter().any(|&a| dom.tag(a) == "figure");
    (images > 1.0 && paragraphs / images < 0.5 && !in_figure)
        || (!is_list && list_items > paragraphs)
        || (inputs > (paragraphs / 3.0).floor())
        || (!is_list
            && heading_density < 0.9
            && content_len < 25
            && (images == 0.0 || images > 2.0)
            && density > 0.0)
        || (!is_list && weight < 25.0 && density > 0.2)
        || (weight >= 25.0 && density > 0.5)
}
