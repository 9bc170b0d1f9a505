//! Plain-text news heuristics: finds the headline, byline, dateline, captions and
//! boilerplate in text that has no markup, and marks them as regions so that
//! analysis reads only the body while the original text is kept whole.
//!
//! The text is cut into *units* (a line, or a hard-wrapped paragraph), and each
//! unit is judged in two passes:
//! 1. on its own shape and words: photo captions (credits such as
//!    "REUTERS/Name"), keyword boilerplate ("More News", "All rights reserved"),
//!    bylines, date lines, author blurbs, section labels ("What to Know:"), and
//!    body paragraphs (long, sentence-like);
//! 2. on its position: the headline is the first title-shaped unit before the
//!    first body paragraph; title-case lines between body paragraphs are
//!    "related story" links; short lines after the last paragraph are page
//!    furniture; a wire dateline ("BAGHDAD, Nov 22 (Reuters) -") opens the
//!    first paragraph.
//!
//! Rules are about shapes (length, capitalisation, trailing punctuation,
//! position) and small keyword lists, never about particular articles.

use std::sync::OnceLock;

use dossier_core::{DocDate, Document, FieldSource, Region, RegionKind, Span};
use regex::Regex;

use crate::{dates, text};

/// Titles derived from a first sentence are cut at a word boundary within this many characters.
const DERIVED_TITLE_MAX_CHARS: usize = 90;

/// Structures plain article text into a document. `name` gives a fallback title.
pub fn structure(raw: &str, name: &str) -> Document {
    let body = raw
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_string();
    let units = split_units(&body);
    let mut roles: Vec<Role> = units
        .iter()
        .enumerate()
        .map(|(i, u)| intrinsic_role(u, i))
        .collect();
    apply_positional_rules(&units, &mut roles);

    let mut doc = Document {
        text: body.clone(),
        ..Document::default()
    };
    let mut regions = Vec::new();
    for (unit, role) in units.iter().zip(&roles) {
        if let Some(kind) = role.region_kind() {
            regions.push(Region {
                span: unit.span,
                kind,
            });
        }
    }
    // A byline's outlet ("Associated Press") is more explicit than a wire
    // dateline's agency ("AP"), so bylines go first.
    fill_byline_fields(&units, &roles, &mut doc);
    let wire = find_wire_dateline(&units, &roles);
    if let Some(w) = &wire {
        regions.push(Region {
            span: w.span,
            kind: RegionKind::Dateline,
        });
        if doc.outlet.is_none() {
            doc.outlet = w.agency.clone();
        }
    }
    regions.sort_by_key(|r| (r.span.start, r.span.end));
    doc.regions = regions;
    doc.published = publication_date(&units, &roles, wire.as_ref());
    doc.published_source = doc.published.map(|_| FieldSource::Text);
    doc.title = Some(choose_title(
        &units,
        &roles,
        wire.as_ref(),
        name,
        &mut doc.warnings,
    ));
    doc
}

// ---------------------------------------------------------------------------
// Units

/// A line, or a hard-wrapped paragraph, with its span in the document text.
#[derive(Debug, Clone, Copy)]
struct Unit<'a> {
    span: Span,
    text: &'a str,
}

impl Unit<'_> {
    fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Cuts the text into units. Each line is a unit, except in hard-wrapped text
/// (every line at most ~80 columns, most of them near the width), where lines
/// that run to the margin continue into the next line of the same paragraph.
fn split_units(text: &str) -> Vec<Unit<'_>> {
    let lines = content_lines(text);
    let wrap_width = hard_wrap_width(&lines);
    let mut units: Vec<Unit> = Vec::new();
    let mut previous: Option<(Span, usize)> = None; // last line's span and char length
    for (span, chars) in lines {
        let continues = match (wrap_width, previous, units.last()) {
            (Some(width), Some((prev, prev_chars)), Some(_)) => {
                // A blank line (even one of spaces) between them ends the paragraph.
                let adjacent = text[prev.end..span.start].matches('\n').count() == 1;
                adjacent && prev_chars * 4 >= width * 3
            }
            _ => false,
        };
        if continues {
            if let Some(last) = units.last_mut() {
                last.span.end = span.end;
                last.text = &text[last.span.start..last.span.end];
            }
        } else {
            units.push(Unit {
                span,
                text: &text[span.start..span.end],
            });
        }
        previous = Some((span, chars));
    }
    units
}

/// Non-blank lines as trimmed spans, with their length in chars.
fn content_lines(text: &str) -> Vec<(Span, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let s = start + lead;
            lines.push((Span::new(s, s + trimmed.len()), trimmed.chars().count()));
        }
        start += line.len() + 1;
    }
    lines
}

/// The wrap width when the text looks hard-wrapped (like e-mail or a terminal
/// save): enough lines, none longer than 100 columns, and most lines within a
/// few columns of the longest.
fn hard_wrap_width(lines: &[(Span, usize)]) -> Option<usize> {
    let widest = lines.iter().map(|&(_, n)| n).max()?;
    if lines.len() < 6 || !(40..=100).contains(&widest) {
        return None;
    }
    let near_margin = lines.iter().filter(|&&(_, n)| n * 5 >= widest * 4).count();
    (near_margin * 2 >= lines.len()).then_some(widest)
}

// ---------------------------------------------------------------------------
// Roles

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Not decided yet; ends up as body text unless a positional rule claims it.
    Unknown,
    /// A paragraph of the article.
    Body,
    Headline,
    Byline,
    /// A line that is a date on its own ("Wednesday, 11/22/2023").
    DateLine,
    Caption,
    Boilerplate,
    Heading,
}

impl Role {
    fn region_kind(self) -> Option<RegionKind> {
        Some(match self {
            Role::Unknown | Role::Body => return None,
            Role::Headline => RegionKind::Headline,
            Role::Byline => RegionKind::Byline,
            Role::DateLine => RegionKind::Dateline,
            Role::Caption => RegionKind::Caption,
            Role::Boilerplate => RegionKind::Boilerplate,
            Role::Heading => RegionKind::Heading,
        })
    }

    /// Still free to be claimed by a positional rule.
    fn is_open(self) -> bool {
        self == Role::Unknown
    }
}

/// The role a unit has on its own, whatever surrounds it. Order matters: a
/// caption can look like a sentence, a "Reporting by" footer like a byline.
fn intrinsic_role(unit: &Unit, index: usize) -> Role {
    let t = unit.text;
    if is_caption(t, index) {
        Role::Caption
    } else if is_credits_footer(t) || is_boilerplate(t) || is_author_blurb(t) {
        Role::Boilerplate
    } else if parse_byline(t).is_some() {
        Role::Byline
    } else if dates::parse_date(t).is_some() {
        Role::DateLine
    } else if is_section_label(t) {
        Role::Heading
    } else if is_body_paragraph(unit) {
        Role::Body
    } else {
        Role::Unknown
    }
}

/// Roles that depend on where a unit stands relative to the body paragraphs.
fn apply_positional_rules(units: &[Unit], roles: &mut [Role]) {
    reclassify_leading_caption(units, roles);
    let first_body = roles
        .iter()
        .position(|&r| r == Role::Body)
        .unwrap_or(units.len());
    mark_headline(units, roles, first_body);
    if let Some(last_body) = roles.iter().rposition(|&r| r == Role::Body) {
        mark_related_links_and_subheads(units, roles, first_body, last_body);
        mark_trailing_furniture(units, roles, last_body);
    }
}

/// A caption without credit still shows by position: a first paragraph that is
/// followed by a headline-shaped line and then a byline or date line is the
/// photo caption that a page save put above the headline.
fn reclassify_leading_caption(units: &[Unit], roles: &mut [Role]) {
    let Some(first) = roles
        .iter()
        .position(|&r| r != Role::Boilerplate && r != Role::Caption)
    else {
        return;
    };
    let followed_by_headline_then_meta = roles.get(first + 1) == Some(&Role::Unknown)
        && units
            .get(first + 1)
            .is_some_and(|u| is_title_shaped(u.text) && title_case_ratio(u.text) >= 0.75)
        && matches!(roles.get(first + 2), Some(Role::Byline | Role::DateLine));
    if roles[first] == Role::Body && units[first].words() <= 60 && followed_by_headline_then_meta {
        roles[first] = Role::Caption;
    }
}

/// The headline is the first title-shaped open unit before the body. A very
/// short title-shaped line before a longer one is a section kicker ("WORLD
/// NEWS", "Middle East") and becomes boilerplate.
fn mark_headline(units: &[Unit], roles: &mut [Role], first_body: usize) {
    let front: Vec<usize> = (0..first_body)
        .filter(|&i| roles[i].is_open() && is_title_shaped(units[i].text))
        .collect();
    let Some(&headline) = front
        .iter()
        .find(|&&i| units[i].words() >= 4)
        .or(front.first())
    else {
        return;
    };
    for &i in front.iter().take_while(|&&i| i < headline) {
        roles[i] = Role::Boilerplate;
    }
    roles[headline] = Role::Headline;
}

/// Between body paragraphs, an open title-shaped line is either a link to a
/// related story (long, Title Case: "Iran's Allies in Iraq, Yemen Threaten
/// U.S. Over Intervention in Israel") or a subheading (short).
fn mark_related_links_and_subheads(
    units: &[Unit],
    roles: &mut [Role],
    first_body: usize,
    last_body: usize,
) {
    for i in first_body + 1..last_body {
        if !roles[i].is_open() || !is_title_shaped(units[i].text) {
            continue;
        }
        let words = units[i].words();
        if (5..=20).contains(&words) && title_case_ratio(units[i].text) >= 0.75 {
            roles[i] = Role::Boilerplate;
        } else if words <= 8 {
            roles[i] = Role::Heading;
        }
    }
}

/// After the last paragraph, short lines are page furniture ("More News",
/// "Share", "Facebook", a lone section label with nothing under it). A short
/// closing sentence ("Officials said they would investigate.") stays body.
fn mark_trailing_furniture(units: &[Unit], roles: &mut [Role], last_body: usize) {
    for i in last_body + 1..units.len() {
        let unit = &units[i];
        let short_sentence = unit.words() > 3 && ends_like_sentence(unit.text);
        if matches!(roles[i], Role::Unknown | Role::Heading)
            && unit.words() <= 15
            && !short_sentence
        {
            roles[i] = Role::Boilerplate;
        }
    }
}

// ---------------------------------------------------------------------------
// Unit shapes

/// Words a unit opens with that make it a caption outright.
fn caption_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:FILE PHOTO|FILE|PHOTO|Photo|Image|Picture|Caption|Photograph)\s*[:\-–—|]",
            r"|\b(?:REUTERS|Reuters|AFP|EPA|EPA-EFE|ANADOLU|Anadolu|Xinhua|AP|SANA|IRNA|WANA|Bloomberg)\s*/\s*\p{Lu}",
            r"|\bAP Photo\b|\(Photo(?:graph)?\b|(?i:\bphoto(?:graph)?\s*(?:by|credit|courtesy)\b)",
            r"|\b(?:Getty Images|Shutterstock|Alamy)\s*[).]?\s*$|\bvia Getty\b",
        ))
        .expect("caption pattern compiles")
    })
}

/// A photo description ends with the picture's place and date: "..., Iraq, October 18, 2016."
fn caption_date_suffix_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r",\s+\p{Lu}[\p{L}.]+\s+\d{1,2},\s+\d{4}\.?\s*$")
            .expect("caption date pattern compiles")
    })
}

/// Verbs of what a photograph shows.
fn photo_verb_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"\b(?:stands?|sits?|walks?|is seen|are seen|gestures?|looks on|poses?|holds?|inspects?|",
            r"attends?|waves?|carr(?:y|ies)|rides?|gathers?|mourns?|pictured|rises|billows?|",
            r"speaks? during|takes? part)\b"
        ))
        .expect("photo verb pattern compiles")
    })
}

/// A photo caption: a credit anywhere ("REUTERS/Ari Jalal", "(Photo by ...)"),
/// or, for the first unit or one describing a scene, the caption's place-and-date ending.
fn is_caption(text: &str, index: usize) -> bool {
    if text.split_whitespace().count() > 80 {
        return false;
    }
    caption_re().is_match(text)
        || (caption_date_suffix_re().is_match(text)
            && (index == 0 || photo_verb_re().is_match(text)))
}

/// "Reporting by ...; Editing by ..." and its relatives end wire stories.
fn is_credits_footer(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^[(\[]?\s*(?:additional\s+)?(?:reporting|writing|editing|edited|compiled|produced|research|graphics?|translation|translated)(?:\s+and\s+\w+)?\s+by\b",
        )
        .expect("credits pattern compiles")
    })
    .is_match(text)
}

/// Page furniture by its words: short lines that open with a navigation or
/// sharing label, and lines of any length with legal or newsletter boilerplate.
fn is_boilerplate(text: &str) -> bool {
    static START: OnceLock<Regex> = OnceLock::new();
    static ANYWHERE: OnceLock<Regex> = OnceLock::new();
    let start = START.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)^(?:more (?:news|from|stories|on this|articles|coverage)|similar (?:articles|posts|stories)|",
            r"related(?: articles| stories| posts| news| coverage| content)?\s*(?::|$)|recommended|you may also like|",
            r"read (?:more|also|next|the full)|also read|see also|click here|subscribe|sign up|follow us|follow @|",
            r"share (?:this|on|via|article)|share\s*:?$|like this:|advertisement|sponsored|tags?\s*:|filed under|topics\s*:|",
            r"categories\s*:|comments?\s*(?:\(\d+\))?$|leave a (?:comment|reply)|thank you for reading|",
            r"support (?:our|independent) journalism|donate|listen to (?:this|the) article|\d+\s*min(?:ute)?s? read|",
            r"print(?: this)?$|email(?: this)?$|skip to|back to top|copyright|©|all rights reserved|our standards|",
            r"this (?:article|story) (?:was|first) (?:originally )?(?:published|appeared)|trending|most (?:read|popular))"
        ))
        .expect("boilerplate pattern compiles")
    });
    let anywhere = ANYWHERE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)all rights reserved|©|\bcopyright\s+(?:©\s*)?\d{4}|\bclick here\b|trust principles|",
            r"\b(?:sign up|subscribe)\b.{0,60}\bnewsletter|\bnewsletter\b.{0,60}\b(?:sign up|subscribe|inbox)\b"
        ))
        .expect("boilerplate pattern compiles")
    });
    let words = text.split_whitespace().count();
    (words <= 20 && start.is_match(text)) || (words <= 60 && anywhere.is_match(text))
}

/// An author's self-description ("Unbiased & Unfiltered News Reporting for 12+
/// years. Covering ... Editor-In-Chief of Atlas News."): at least two
/// journalist-profile cues and none of the reporting a body paragraph does.
fn is_author_blurb(text: &str) -> bool {
    static CUES: OnceLock<Vec<Regex>> = OnceLock::new();
    static REPORTING: OnceLock<Regex> = OnceLock::new();
    let cues = CUES.get_or_init(|| {
        [
            r"(?i)\beditor[- ]in[- ]chief\b",
            r"(?i)\b(?:reporter|correspondent|journalist|columnist|contributor|staff writer|freelance writer|news editor|managing editor)\b",
            r"(?i)\bnews reporting\b|\breporting (?:on|for)\b",
            r"(?i)\bfor (?:over |more than )?\d+\+? years\b",
            r"(?i)(?:^|\.\s+)covering\b|\bcovers\b|\bhas covered\b",
            r"(?i)\bfollow (?:him|her|them|me)\b|@\w{2,}",
            r"(?i)\b(?:his|her|their) (?:work|reporting|writing) has appeared\b",
        ]
        .iter()
        .map(|p| Regex::new(p).expect("blurb cue compiles"))
        .collect()
    });
    let reporting = REPORTING.get_or_init(|| {
        Regex::new(r#"(?i)\b(?:said|says|told|according to)\b|["“”]"#)
            .expect("reporting pattern compiles")
    });
    let words = text.split_whitespace().count();
    words <= 80
        && !reporting.is_match(text)
        && cues.iter().filter(|c| c.is_match(text)).count() >= 2
}

/// A short label that ends with a colon and opens a section: "What to Know:".
fn is_section_label(text: &str) -> bool {
    let words = text.split_whitespace().count();
    text.ends_with(':')
        && (1..=7).contains(&words)
        && text.chars().count() <= 60
        && starts_with_uppercase(text)
        && !text[..text.len() - 1].contains(['.', '!', '?', ':'])
}

/// A paragraph of prose: long, and ending like a sentence (or long enough that
/// a missing final stop does not matter).
fn is_body_paragraph(unit: &Unit) -> bool {
    let words = unit.words();
    (words >= 10 && ends_like_sentence(unit.text)) || words >= 25
}

fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    trimmed.ends_with(['.', '!', '?', '…'])
}

fn starts_with_uppercase(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Shaped like a headline: a few words, no final full stop (unless the last
/// word is an abbreviation such as "U.S."), no trailing comma or colon, not
/// lower-case at the start, not two sentences.
fn is_title_shaped(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=25).contains(&words.len())
        || text.chars().count() > 200
        || !starts_with_uppercase(text)
    {
        return false;
    }
    let last = words[words.len() - 1];
    let abbreviation = last.trim_end_matches('.').contains('.');
    if (last.ends_with('.') && !abbreviation) || text.ends_with([',', ';', ':']) {
        return false;
    }
    let sentence_breaks = words[..words.len() - 1]
        .iter()
        .filter(|w| {
            w.ends_with(['.', '!', '?'])
                && !w.trim_end_matches('.').contains('.')
                && w.chars().count() > 3
        })
        .count();
    sentence_breaks == 0
}

/// Share of significant words (not "of", "in", "the", ...) that start with a capital.
fn title_case_ratio(text: &str) -> f32 {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "by", "with",
        "over", "from", "as", "vs", "vs.", "into", "after", "amid", "up", "is", "are", "its", "it",
        "that", "than", "off", "out",
    ];
    let significant: Vec<char> = text
        .split_whitespace()
        .filter(|w| {
            !SMALL.contains(
                &w.to_lowercase()
                    .trim_matches(|c: char| !c.is_alphanumeric()),
            )
        })
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .collect();
    if significant.is_empty() {
        return 0.0;
    }
    significant
        .iter()
        .filter(|c| c.is_uppercase() || c.is_numeric())
        .count() as f32
        / significant.len() as f32
}

// ---------------------------------------------------------------------------
// Bylines

/// What a byline says.
#[derive(Debug, Default, PartialEq)]
struct Byline {
    authors: Vec<String>,
    outlet: Option<String>,
    date: Option<DocDate>,
}

/// Reads a byline: "By Ahmed Rasheed and Timour Azhari", "By Jane Doe, Reuters",
/// "Jane Doe | Reuters", "Posted on March 3, 2024 by Jane Doe". Returns `None`
/// for anything that is not wholly names, an outlet, a role and a date (so
/// "By the time the strikes ended, ..." is prose, not a byline).
fn parse_byline(text: &str) -> Option<Byline> {
    static BY: OnceLock<Regex> = OnceLock::new();
    static PIPE: OnceLock<Regex> = OnceLock::new();
    if text.chars().count() > 120 {
        return None;
    }
    let by = BY.get_or_init(|| {
        Regex::new(r"^(?:(?P<pre>.*?)\s+)?(?i:by)\s+(?P<rest>.+)$")
            .expect("byline pattern compiles")
    });
    if let Some(caps) = by.captures(text) {
        let pre = caps.name("pre").map_or("", |m| m.as_str());
        let date = if pre.is_empty() {
            None
        } else {
            Some(dates::parse_date(pre)?)
        };
        let mut byline = parse_names(caps.name("rest")?.as_str())?;
        byline.date = byline.date.or(date);
        return Some(byline);
    }
    let pipe = PIPE.get_or_init(|| {
        Regex::new(r"^(?P<name>[^|/]+?)\s*[|/]\s*(?P<rest>[^|/]+)$").expect("pipe pattern compiles")
    });
    let caps = pipe.captures(text)?;
    let name = caps.name("name")?.as_str();
    let rest = caps.name("rest")?.as_str().trim();
    if !is_person_name(name) || !(looks_like_outlet(rest) || dates::parse_date(rest).is_some()) {
        return None;
    }
    Some(Byline {
        authors: vec![normalise_name(name)],
        outlet: looks_like_outlet(rest).then(|| rest.to_string()),
        date: dates::parse_date(rest),
    })
}

/// The part of a byline after "By": names joined by ",", "and", "&", then an
/// optional outlet, role or date.
fn parse_names(rest: &str) -> Option<Byline> {
    let mut byline = Byline::default();
    let mut rest = rest.trim().trim_end_matches(['.', ',']).to_string();
    if let Some((date, span)) = dates::find_date(&rest) {
        byline.date = Some(date);
        rest.replace_range(span.start..span.end, "");
    }
    for part in rest
        .split(['|', ',', ';', '–', '—'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (names, outlet) = match part.split_once(" for ") {
            Some((names, outlet)) => (names, Some(outlet.trim())),
            None => (part, None),
        };
        for name in names
            .split(" and ")
            .flat_map(|n| n.split(" & "))
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            // A role or a press word says more than name shape: "Senior
            // Correspondent" and "Associated Press" look like names too.
            if is_role(name) || is_filler_word(name) {
                continue;
            } else if is_person_name(name) && !looks_like_outlet(name) {
                byline.authors.push(normalise_name(name));
            } else if looks_like_outlet(name) {
                byline.outlet.get_or_insert_with(|| name.to_string());
            } else {
                return None;
            }
        }
        if let Some(outlet) = outlet {
            byline.outlet = Some(outlet.to_string());
        }
    }
    (!byline.authors.is_empty() || byline.outlet.is_some()).then_some(byline)
}

/// Two to five capitalised name words ("Ahmed Rasheed", "Mohammed al-Sudani",
/// "Mary O'Brien", "J.R. Smith"), allowing lower-case particles ("bin", "van").
fn is_person_name(text: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "al", "al-", "el", "bin", "ibn", "abu", "abd", "de", "del", "della", "der", "den", "van",
        "von", "da", "di", "du", "la", "le", "dos", "das", "y",
    ];
    const NOT_NAMES: &[&str] = &[
        "The", "This", "That", "A", "An", "In", "On", "At", "Our", "Staff", "Reuters", "News",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || text.chars().count() > 50 || NOT_NAMES.contains(&words[0])
    {
        return false;
    }
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let name_chars = |w: &&str| w.chars().all(|c| c.is_alphabetic() || ".'’-".contains(c));
    words.iter().all(name_chars)
        && capitalised(&words[0])
        && capitalised(&words[words.len() - 1])
        && words
            .iter()
            .all(|w| capitalised(w) || PARTICLES.contains(&w.to_lowercase().as_str()))
}

/// Names in capitals ("JANE DOE") are written in title case; others as they are.
fn normalise_name(name: &str) -> String {
    let name = text::collapse_spaces(name);
    if name.chars().any(char::is_lowercase) {
        return name;
    }
    name.split(' ')
        .map(|w| {
            let mut out = String::new();
            let mut start_of_part = true;
            for c in w.chars() {
                if start_of_part {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                start_of_part = matches!(c, '-' | '\'' | '’' | '.');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An outlet name in a byline: a known agency, a name with a press word
/// ("Atlas News", "The Times"), or a single capitalised word ("Reuters").
fn looks_like_outlet(text: &str) -> bool {
    const AGENCIES: &[&str] = &[
        "Reuters",
        "AP",
        "AFP",
        "Associated Press",
        "Bloomberg",
        "dpa",
        "Xinhua",
        "CNN",
        "BBC",
    ];
    const PRESS_WORDS: &[&str] = &[
        "News",
        "Press",
        "Times",
        "Post",
        "Journal",
        "Agency",
        "Media",
        "Network",
        "Daily",
        "Herald",
        "Tribune",
        "Guardian",
        "Monitor",
        "TV",
        "Radio",
        "Wire",
        "Telegraph",
        "Gazette",
        "Review",
        "Magazine",
        "Report",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || !starts_with_uppercase(text) {
        return false;
    }
    AGENCIES.contains(&text)
        || words.iter().any(|w| PRESS_WORDS.contains(w))
        || (words.len() == 1
            && words[0]
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '.'))
}

/// A job title after a name ("Senior Correspondent", "Staff Writer").
fn is_role(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:correspondent|reporter|writer|editor|columnist|contributor|staff|journalist|bureau chief|analyst)s?\b")
            .expect("role pattern compiles")
    })
    .is_match(text)
}

fn is_filler_word(text: &str) -> bool {
    ["updated", "published", "posted", "on", "at"]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w))
}

/// Authors and outlet from the bylines, in order, without repeats.
fn fill_byline_fields(units: &[Unit], roles: &[Role], doc: &mut Document) {
    for (unit, _) in units.iter().zip(roles).filter(|(_, &r)| r == Role::Byline) {
        let Some(byline) = parse_byline(unit.text) else {
            continue;
        };
        for author in byline.authors {
            if !doc.authors.contains(&author) {
                doc.authors.push(author);
            }
        }
        if doc.outlet.is_none() {
            doc.outlet = byline.outlet;
        }
    }
}

// ---------------------------------------------------------------------------
// Dates and datelines

/// A wire dateline opening the first paragraph: "BAGHDAD, Nov 22 (Reuters) -".
#[derive(Debug)]
struct WireDateline {
    span: Span,
    date: Option<DocDate>,
    agency: Option<String>,
    /// Which unit it opens.
    unit: usize,
}

/// Looks for a wire dateline at the start of the first body paragraph (or the
/// first open unit when there is no body): capitals for the place, then an
/// optional region and date, an optional agency in brackets, and a dash; a
/// place in mixed case needs the agency to count.
fn find_wire_dateline(units: &[Unit], roles: &[Role]) -> Option<WireDateline> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?P<place>\p{Lu}[\p{L}'’.\-]*(?:[ \-]\p{Lu}[\p{L}'’.\-]*){0,3})",
            r"(?:,\s*(?P<region>\p{Lu}[\p{L}.'’]*(?: \p{Lu}[\p{L}.'’]*){0,2}))??",
            r"(?:,\s*(?P<date>\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?))?",
            r"\s*(?:\((?P<agency>[\p{L}][\p{L} .&\-]{1,30})\))?\s*[-–—]+\s*"
        ))
        .expect("wire dateline pattern compiles")
    });
    let index = roles
        .iter()
        .position(|&r| r == Role::Body || r == Role::Unknown)?;
    let text = units[index].text;
    let caps = re.captures(text)?;
    let whole = caps.get(0)?;
    let place = caps.name("place")?.as_str();
    let agency = caps.name("agency").map(|m| m.as_str().trim().to_string());
    let place_in_capitals = place
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && place.len() >= 3;
    if whole.len() > 90 || !(place_in_capitals || agency.is_some()) || whole.end() >= text.len() {
        return None;
    }
    let date = caps
        .name("date")
        .and_then(|m| dates::parse_date(m.as_str()));
    let start = units[index].span.start;
    let span = Span::new(start, start + whole.as_str().trim_end().len());
    Some(WireDateline {
        span,
        date,
        agency,
        unit: index,
    })
}

/// The publication date: a date line or a byline date before the body (a
/// "Published" one beats an "Updated" one), else a date in the wire dateline,
/// else a date line after the body. Dates inside captions and body are never it.
fn publication_date(
    units: &[Unit],
    roles: &[Role],
    wire: Option<&WireDateline>,
) -> Option<DocDate> {
    let first_body = roles
        .iter()
        .position(|&r| r == Role::Body)
        .unwrap_or(units.len());
    let dated = |i: usize| -> Option<(DocDate, bool)> {
        let date = match roles[i] {
            Role::DateLine => dates::parse_date(units[i].text),
            Role::Byline => parse_byline(units[i].text).and_then(|b| b.date),
            _ => None,
        }?;
        let updated = units[i].text.to_lowercase().contains("updated");
        Some((date, updated))
    };
    let front: Vec<(DocDate, bool)> = (0..first_body).filter_map(dated).collect();
    let published_first = front
        .iter()
        .find(|(_, updated)| !updated)
        .or(front.first())
        .map(|&(d, _)| d);
    published_first
        .or_else(|| wire.and_then(|w| w.date))
        .or_else(|| (first_body..units.len()).find_map(dated).map(|(d, _)| d))
}

// ---------------------------------------------------------------------------
// Title

/// The headline when there is one. Without a headline (the page save kept only
/// a caption, byline and body, as in many copied wire stories), a demanding
/// user still wants a title that says what the story is, not "untitled" or a
/// file name: a standalone title-shaped line is used as it is, else the first
/// sentence of the first paragraph, cut at a word boundary within
/// [`DERIVED_TITLE_MAX_CHARS`] and marked with "…". A warning records that the
/// title was derived, so the app can flag it for the user to confirm or edit.
/// The file name is the last resort.
fn choose_title(
    units: &[Unit],
    roles: &[Role],
    wire: Option<&WireDateline>,
    name: &str,
    warnings: &mut Vec<String>,
) -> String {
    if let Some(i) = roles.iter().position(|&r| r == Role::Headline) {
        return text::collapse_spaces(units[i].text);
    }
    let first_text = roles
        .iter()
        .enumerate()
        .filter(|(i, &r)| matches!(r, Role::Body | Role::Unknown) && units[*i].words() >= 4)
        .map(|(i, _)| i)
        .next();
    let Some(i) = first_text else {
        return text::title_from_name(name);
    };
    let mut text = units[i].text;
    if let Some(w) = wire.filter(|w| w.unit == i) {
        text = &text[w.span.end - units[i].span.start..];
    }
    let title = derived_title(text);
    if title.is_empty() {
        return text::title_from_name(name);
    }
    warnings.push("no headline found: the title was taken from the first sentence".to_string());
    title
}

/// The first sentence of `text`, without leading dashes and the final stop,
/// shortened at a word boundary when it is long.
fn derived_title(text: &str) -> String {
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric() && !"\"“'‘".contains(c));
    let sentence = text::collapse_spaces(first_sentence(text));
    let sentence = sentence.trim_end_matches(['.', ' ']);
    if sentence.chars().count() <= DERIVED_TITLE_MAX_CHARS {
        return sentence.to_string();
    }
    const WEAK_ENDINGS: &[&str] = &[
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "by", "with",
        "that", "which", "who", "from", "as", "its", "their", "his", "her", "was", "were", "is",
        "are",
    ];
    let mut words: Vec<&str> = Vec::new();
    let mut chars = 0;
    for word in sentence.split(' ') {
        let added = word.chars().count() + usize::from(!words.is_empty());
        if chars + added + 1 > DERIVED_TITLE_MAX_CHARS {
            break;
        }
        chars += added;
        words.push(word);
    }
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| WEAK_ENDINGS.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    let cut = words.join(" ");
    format!("{}…", cut.trim_end_matches([',', ';', ':', '-', '–', '—']))
}

/// Text up to the first sentence end: a stop, "!" or "?" followed by a space
/// and a capital, not after an abbreviation ("U.S.", "Mr.", "Gen.").
fn first_sentence(text: &str) -> &str {
    const ABBREVIATIONS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "st", "rep", "sen", "gov", "prof",
        "jan", "feb", "aug", "sept", "oct", "nov", "dec", "no",
    ];
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let rest = &text[i + c.len_utf8()..];
        let next_starts_sentence = rest.starts_with(' ')
            && rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || "\"“‘".contains(n));
        if !next_starts_sentence {
            continue;
        }
        let word = text[..i].rsplit(' ').next().unwrap_or("");
        let abbreviation = c == '.'
            && (word.contains('.')
                || word.chars().count() <= 1
                || ABBREVIATIONS.contains(&word.to_lowercase().as_str()));
        if !abbreviation {
            return &text[..i + c.len_utf8()];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::DatePrecision;

    /// The text of every region of one kind, in order.
    fn regions(doc: &Document, kind: RegionKind) -> Vec<&str> {
        doc.regions
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| &doc.text[r.span.start..r.span.end])
            .collect()
    }

    /// Invariants that hold for any input: spans on char boundaries, in order,
    /// not overlapping; the text is the input minus surrounding whitespace.
    fn assert_well_formed(doc: &Document, raw: &str) {
        assert_eq!(
            doc.text,
            raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        );
        let mut last_end = 0;
        for r in &doc.regions {
            assert!(
                r.span.slice(&doc.text).is_some(),
                "region {r:?} is not on char boundaries"
            );
            assert!(
                r.span.start >= last_end,
                "regions overlap or are out of order: {:?}",
                doc.regions
            );
            last_end = r.span.end;
        }
        assert_eq!(doc.published.is_some(), doc.published_source.is_some());
        assert!(doc.title.as_deref().is_some_and(|t| !t.is_empty()));
    }

    fn sample(prefix: &str) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/samples/articles");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
            panic!(
                "the sample articles are missing: cannot read {}: {e}",
                dir.display()
            )
        });
        let path = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
            })
            .unwrap_or_else(|| {
                panic!("sample article {prefix}* is missing from {}", dir.display())
            });
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        text::decode(&bytes).expect("samples are text")
    }

    #[test]
    fn sample_000_caption_above_the_headline() {
        let raw = sample("000_");
        let doc = structure(&raw, "000.txt");
        assert_well_formed(&doc, &raw);
        assert_eq!(
            doc.title.as_deref(),
            Some("Iraq Condemns US Airstrikes That Killed Iran-Linked Militants")
        );
        let caption = regions(&doc, RegionKind::Caption);
        assert_eq!(caption.len(), 1);
        assert!(
            caption[0].starts_with("A US army soldier stands")
                && caption[0].ends_with("October 18, 2016.")
        );
        assert_eq!(
            regions(&doc, RegionKind::Headline),
            ["Iraq Condemns US Airstrikes That Killed Iran-Linked Militants"]
        );
        assert_eq!(
            regions(&doc, RegionKind::Dateline),
            ["Wednesday, 11/22/2023"]
        );
        let published = doc.published.expect("dated");
        assert_eq!(
            (published.to_string().as_str(), published.precision),
            ("2023-11-22", DatePrecision::Day)
        );
        assert_eq!(doc.published_source, Some(FieldSource::Text));
        assert_eq!(regions(&doc, RegionKind::Boilerplate), ["More News"]);
        assert!(doc.authors.is_empty());
        assert!(doc.warnings.is_empty());
        // The caption's 2016 date is not the article's, and its text is not analysed.
        assert!(!doc.analysis_text().contains("soldier stands"));
        assert!(doc
            .analysis_text()
            .contains("Iraq says overnight US airstrikes"));
    }

    #[test]
    fn sample_001_no_headline_caption_byline_and_related_link() {
        let raw = sample("001_");
        let doc = structure(&raw, "001.txt");
        assert_well_formed(&doc, &raw);
        assert_eq!(doc.authors, ["Ahmed Rasheed", "Timour Azhari"]);
        assert_eq!(doc.published, None);
        assert_eq!(doc.published_source, None);
        let caption = regions(&doc, RegionKind::Caption);
        assert_eq!(caption.len(), 1);
        assert!(caption[0].starts_with("FILE PHOTO:") && caption[0].ends_with("REUTERS/Ari Jalal"));
        assert_eq!(
            regions(&doc, RegionKind::Byline),
            ["By Ahmed Rasheed and Timour Azhari"]
        );
        assert!(regions(&doc, RegionKind::Headline).is_empty());
        assert_eq!(
            regions(&doc, RegionKind::Boilerplate),
            [
                "Iran’s Allies in Iraq, Yemen Threaten U.S. Over Intervention in Israel",
                "Similar Articles to This Post"
            ]
        );
        // No headline: the title comes from the first sentence, flagged by a warning.
        let title = doc.title.as_deref().unwrap();
        assert!(
            title.starts_with(
                "Iraq’s government condemned overnight U.S. airstrikes south of Baghdad"
            ),
            "{title}"
        );
        assert!(
            title.ends_with('…') && title.chars().count() <= DERIVED_TITLE_MAX_CHARS,
            "{title}"
        );
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    }

    #[test]
    fn sample_003_author_blurb_and_section_headings() {
        let raw = sample("003_");
        let doc = structure(&raw, "003.txt");
        assert_well_formed(&doc, &raw);
        assert_eq!(
            doc.title.as_deref(),
            Some("Iraq Condemns American Airstrike Targeting Kataib Hezbollah")
        );
        assert_eq!(doc.published, None);
        assert!(doc.authors.is_empty());
        let boilerplate = regions(&doc, RegionKind::Boilerplate);
        assert_eq!(boilerplate.len(), 2, "{boilerplate:?}");
        assert!(boilerplate[0].starts_with("Unbiased & Unfiltered News Reporting for 12+ years."));
        assert!(boilerplate[0].ends_with("Editor-In-Chief of Atlas News."));
        assert_eq!(boilerplate[1], "More From Me");
        assert_eq!(
            regions(&doc, RegionKind::Heading),
            [
                "What to Know:",
                "The Strike:",
                "Iraq Responds:",
                "Why it Matters:"
            ]
        );
        assert!(regions(&doc, RegionKind::Caption).is_empty());
        assert!(
            doc.analysis_text().contains("What to Know:"),
            "headings are body"
        );
    }

    #[test]
    fn wire_story_with_dateline_caption_and_credits() {
        let raw = include_str!("../../../tests/fixtures/txt/news_wire_reuters.txt");
        let doc = structure(raw, "news_wire_reuters.txt");
        assert_well_formed(&doc, raw);
        assert_eq!(
            doc.title.as_deref(),
            Some("Iraq condemns U.S. strikes on Kataib Hezbollah as 'dangerous escalation'")
        );
        assert_eq!(doc.authors, ["Timour Azhari", "Ahmed Rasheed"]);
        assert_eq!(doc.outlet.as_deref(), Some("Reuters"));
        assert_eq!(doc.published.unwrap().to_string(), "2023-11-22T06:14");
        assert_eq!(
            regions(&doc, RegionKind::Dateline),
            [
                "November 22, 2023 6:14 AM UTC",
                "BAGHDAD, Nov 22 (Reuters) -"
            ]
        );
        let caption = regions(&doc, RegionKind::Caption);
        assert_eq!(caption.len(), 1);
        assert!(caption[0].ends_with("REUTERS/Thaier al-Sudani"));
        let boilerplate = regions(&doc, RegionKind::Boilerplate);
        assert_eq!(boilerplate.len(), 2, "{boilerplate:?}");
        assert!(boilerplate[0].starts_with("Reporting by Timour Azhari"));
        assert!(boilerplate[1].starts_with("Our Standards"));
        assert!(doc
            .analysis_text()
            .contains(" Iraq's government on Wednesday condemned"));
    }

    #[test]
    fn blog_post_with_posted_on_line_and_share_footer() {
        let raw = include_str!("../../../tests/fixtures/txt/news_blog_posted_on.txt");
        let doc = structure(raw, "news_blog_posted_on.txt");
        assert_well_formed(&doc, raw);
        assert_eq!(
            doc.title.as_deref(),
            Some("Why Hillah Matters: A Field Guide to Iraq's Militia Map")
        );
        assert_eq!(doc.authors, ["Jane Doe"]);
        let published = doc.published.unwrap();
        assert_eq!(
            (published.to_string().as_str(), published.precision),
            ("2024-03-03", DatePrecision::Day)
        );
        assert_eq!(
            regions(&doc, RegionKind::Byline),
            ["Posted on March 3, 2024 by Jane Doe"]
        );
        assert_eq!(
            regions(&doc, RegionKind::Heading),
            ["What the strike tells us"]
        );
        let boilerplate = regions(&doc, RegionKind::Boilerplate);
        assert!(
            boilerplate[0].starts_with("Jane Doe is a freelance journalist"),
            "{boilerplate:?}"
        );
        assert_eq!(
            boilerplate[1..],
            [
                "Share this:",
                "Twitter",
                "Facebook",
                "Like this:",
                "Related"
            ]
        );
    }

    #[test]
    fn agency_story_with_kicker_updated_line_and_related_link() {
        let raw = include_str!("../../../tests/fixtures/txt/news_updated_line.txt");
        let doc = structure(raw, "news_updated_line.txt");
        assert_well_formed(&doc, raw);
        assert_eq!(
            doc.title.as_deref(),
            Some("US strikes Iraqi militia after drone attack wounds American troops")
        );
        assert_eq!(doc.authors, ["Maria Lopez", "Sam Okafor"]);
        assert_eq!(doc.outlet.as_deref(), Some("Associated Press"));
        assert_eq!(doc.published.unwrap().to_string(), "2023-12-26T17:04");
        assert_eq!(
            regions(&doc, RegionKind::Dateline),
            [
                "Updated: Dec. 26, 2023 at 5:04 p.m. ET",
                "WASHINGTON (AP) —"
            ]
        );
        assert_eq!(regions(&doc, RegionKind::Caption).len(), 1);
        let boilerplate = regions(&doc, RegionKind::Boilerplate);
        assert_eq!(boilerplate.len(), 4, "{boilerplate:?}");
        assert_eq!(boilerplate[0], "MIDDLE EAST");
        assert_eq!(
            boilerplate[1],
            "Biden Orders Review of Troop Posture Across Iraq and Syria"
        );
        assert!(boilerplate[2].starts_with("Copyright 2023"));
        assert!(boilerplate[3].starts_with("Click here"));
        assert!(doc
            .analysis_text()
            .contains("The attacks on U.S. forces began on Oct. 17"));
    }

    #[test]
    fn story_without_a_title_line() {
        let raw = include_str!("../../../tests/fixtures/txt/news_no_title.txt");
        let doc = structure(raw, "news_no_title.txt");
        assert_well_formed(&doc, raw);
        let title = doc.title.as_deref().unwrap();
        assert!(
            title.starts_with("The drone struck shortly before dawn on Monday, hitting a hangar"),
            "{title}"
        );
        assert!(title.ends_with('…') && !title.ends_with(" …"), "{title}");
        assert_eq!(doc.warnings.len(), 1);
        assert!(regions(&doc, RegionKind::Headline).is_empty());
        assert_eq!(
            regions(&doc, RegionKind::Caption),
            ["Firefighters work at the site of the attack in Erbil. Photo: Getty Images"]
        );
        assert_eq!(regions(&doc, RegionKind::Byline), ["Jane Doe | Reuters"]);
        assert_eq!(doc.authors, ["Jane Doe"]);
        assert_eq!(doc.outlet.as_deref(), Some("Reuters"));
        assert_eq!(doc.published, None);
        assert!(
            regions(&doc, RegionKind::Boilerplate).is_empty(),
            "the short closing sentence is body"
        );
    }

    #[test]
    fn hard_wrapped_text_is_read_by_paragraph() {
        let raw = include_str!("../../../tests/fixtures/txt/news_hard_wrapped.txt");
        let doc = structure(raw, "news_hard_wrapped.txt");
        assert_well_formed(&doc, raw);
        assert_eq!(
            doc.title.as_deref(),
            Some("Iraq says U.S. strikes near Baghdad were a \"dangerous escalation\"")
        );
        assert_eq!(doc.authors, ["Jane Doe"]);
        assert_eq!(doc.outlet.as_deref(), Some("Reuters"));
        assert_eq!(doc.published.unwrap().to_string(), "2023-11-22");
        assert_eq!(regions(&doc, RegionKind::Dateline), ["22 November 2023"]);
        assert_eq!(
            regions(&doc, RegionKind::Boilerplate),
            ["Subscribe to our newsletter for daily updates."]
        );
        assert!(
            regions(&doc, RegionKind::Heading).is_empty(),
            "wrapped lines are not headings"
        );
    }

    #[test]
    fn bylines() {
        let b = parse_byline("By Jane Doe, Reuters").unwrap();
        assert_eq!(
            (b.authors, b.outlet.as_deref()),
            (vec!["Jane Doe".to_string()], Some("Reuters"))
        );
        let b = parse_byline("By Ahmed Rasheed and Timour Azhari").unwrap();
        assert_eq!(b.authors, ["Ahmed Rasheed", "Timour Azhari"]);
        let b = parse_byline("By Jane Doe, Senior Correspondent").unwrap();
        assert_eq!((b.authors, b.outlet), (vec!["Jane Doe".to_string()], None));
        let b = parse_byline("By Mohammed bin Salman & Mary O'Brien for Al-Monitor").unwrap();
        assert_eq!(b.authors, ["Mohammed bin Salman", "Mary O'Brien"]);
        assert_eq!(b.outlet.as_deref(), Some("Al-Monitor"));
        let b = parse_byline("By Jane Doe | Nov. 22, 2023").unwrap();
        assert_eq!(b.date.unwrap().to_string(), "2023-11-22");
        assert!(parse_byline("By the time the strikes ended, eight were dead").is_none());
        assert!(parse_byline("It was carried out by U.S. forces").is_none());
        assert!(parse_byline("News | World").is_none());
        assert!(is_credits_footer(
            "Reporting by Ahmed Rasheed; Editing by Alex Richardson"
        ));
        assert!(is_credits_footer(
            "(Additional reporting by Jane Doe in Erbil)"
        ));
    }

    #[test]
    fn derived_titles_cut_at_word_boundaries() {
        assert_eq!(
            derived_title("– Short first sentence here. Second one."),
            "Short first sentence here"
        );
        assert_eq!(
            derived_title("Gen. Smith said U.S. forces left. Then more."),
            "Gen. Smith said U.S. forces left"
        );
        let long = "Iraq's government condemned overnight U.S. airstrikes south of Baghdad that killed eight members of the group.";
        let title = derived_title(long);
        assert!(
            title.chars().count() <= DERIVED_TITLE_MAX_CHARS && title.ends_with('…'),
            "{title}"
        );
        assert!(
            !title.ends_with(" the…") && !title.ends_with(" of…"),
            "{title}"
        );
    }

    #[test]
    fn falls_back_to_the_file_name_and_never_panics() {
        let doc = structure("\u{feff}  \n\n", "dir/iraq_strikes.txt");
        assert_eq!(doc.title.as_deref(), Some("iraq strikes"));
        for raw in [
            "x",
            "By",
            "—",
            "é\n\né",
            "BAGHDAD —",
            "BAGHDAD (Reuters) —",
            "Ünïcödé Héadlïne Hére\n\nBy Jöhn Dœ\n\nÇa commence ici, et c'est une longue phrase qui continue encore et encore.",
            "\u{a0}\u{a0}Title\u{a0}Line\u{a0}Here\n\u{a0}\n2023",
            "FILE PHOTO:",
            "Share this:\n\nMore News",
        ] {
            let doc = structure(raw, "x.txt");
            assert_well_formed(&doc, raw);
        }
    }

    #[test]
    fn keeps_text_whole_and_trims_only_the_ends() {
        let raw = "\u{feff}\n  Headline Of The Story Here  \n\nBody text that is long enough to count as a paragraph of the story.\n\n";
        let doc = structure(raw, "x.txt");
        assert!(doc.text.starts_with("Headline Of The Story Here"));
        assert!(doc.text.ends_with("of the story."));
        assert_eq!(
            regions(&doc, RegionKind::Headline),
            ["Headline Of The Story Here"]
        );
    }
}
