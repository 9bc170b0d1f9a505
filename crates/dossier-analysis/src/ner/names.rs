//! Document-level corrections after tagging, from knowledge the statistical
//! model lacks:
//! * a curated list of names whose type is known (`data/known-names.tsv`):
//!   armed groups and agencies that postdate the 1996 training news;
//! * titles inside a mention split it ("IRGC General Qassam Soleimani" is an
//!   organisation and a person);
//! * a surname alone is the person named in full elsewhere in the document;
//! * a "person" right after "in" or "near" is a place ("based in Jurf
//!   al-Sakhar");
//! * credit lines ("REUTERS/Ari Jalal") are not entities;
//! * a place name the tagger missed or mistyped is a location where the
//!   words around it and the gazetteer agree ("hit Kyiv and Lviv";
//!   `geo::places_by_context`).

use std::collections::HashMap;
use std::sync::OnceLock;

use dossier_core::Span;
use regex::Regex;

use super::{EntityMention, Label};
use crate::link::key;

const KNOWN_NAMES: &str = include_str!("../../data/known-names.tsv");

/// Words that stand between an organisation or rank and a person's name.
const TITLES: &[&str] = &[
    "General",
    "Gen.",
    "Lieutenant",
    "Lt.",
    "Colonel",
    "Col.",
    "Major",
    "Maj.",
    "Commander",
    "Admiral",
    "Adm.",
    "Brigadier",
    "Captain",
    "Capt.",
    "Sergeant",
    "Sgt.",
    "President",
    "Minister",
    "Secretary",
    "Spokesman",
    "Spokeswoman",
    "Chief",
    "Director",
    "Ambassador",
    "Senator",
    "Sen.",
    "Representative",
    "Rep.",
    "Governor",
    "Gov.",
    "Mayor",
    "Sheikh",
    "Ayatollah",
    "Imam",
    "Cleric",
    "Leader",
    "Dr.",
    "Prof.",
];

/// Words after which a name is a place, not a person.
const LOCATIVES: &[&str] = &["in", "near", "outside", "around", "across", "inside", "at"];

/// Nouns that, followed by "of", introduce a place ("stronghold of Jurf
/// al-Sakhar", "south of Baghdad").
const PLACE_NOUNS_BEFORE_OF: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "region",
    "district",
    "stronghold",
    "outskirts",
    "south",
    "north",
    "east",
    "west",
    "capital",
    "port",
];

struct KnownNames {
    by_key: HashMap<String, Label>,
    finder: Option<Regex>,
}

fn known_names() -> &'static KnownNames {
    static NAMES: OnceLock<KnownNames> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut by_key = HashMap::new();
        let mut patterns = Vec::new();
        for line in KNOWN_NAMES.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((label, name)) = line.split_once('\t') else {
                continue;
            };
            let Some(label) = Label::parse(label) else {
                continue;
            };
            by_key.insert(key(name), label);
            patterns.push(regex::escape(name));
        }
        // Longest first, so that "Islamic Resistance in Iraq" wins over shorter names.
        patterns.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let finder = Regex::new(&format!(r"\b(?:{})\b", patterns.join("|"))).ok();
        KnownNames { by_key, finder }
    })
}

/// Applies the corrections above to one document's mentions (in text order).
pub fn correct(text: &str, mentions: &mut Vec<EntityMention>) {
    mentions.retain(|m| !is_credit_line(&text[m.span.start..m.span.end]));
    split_at_titles(text, mentions);
    apply_known_names(text, mentions);
    places_after_locatives(text, mentions);
    surnames_of_people(text, mentions);
    crate::geo::places_by_context(text, mentions);
    mentions.sort_by_key(|m| m.span.start);
}

fn is_credit_line(surface: &str) -> bool {
    surface.contains('/') || surface.contains('@')
}

/// "IRGC General Qassam Soleimani" → "IRGC" (as it was typed) and "Qassam
/// Soleimani" (PER); "President Joe Biden" → "Joe Biden".
fn split_at_titles(text: &str, mentions: &mut Vec<EntityMention>) {
    let mut out = Vec::with_capacity(mentions.len());
    for m in mentions.drain(..) {
        let surface = &text[m.span.start..m.span.end];
        let words = word_spans(surface);
        let title = words
            .iter()
            .position(|&(s, e)| TITLES.contains(&&surface[s..e]));
        match title {
            Some(t) if t + 1 < words.len() => {
                if t > 0 {
                    let left = Span::new(m.span.start, m.span.start + words[t - 1].1);
                    let label = known_label(&text[left.start..left.end]).unwrap_or(m.label);
                    out.push(EntityMention { span: left, label });
                }
                let right = Span::new(m.span.start + words[t + 1].0, m.span.end);
                out.push(EntityMention {
                    span: right,
                    label: Label::Per,
                });
            }
            _ => out.push(m),
        }
    }
    *mentions = out;
}

fn word_spans(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push((st, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}

fn known_label(surface: &str) -> Option<Label> {
    known_names().by_key.get(&key(surface)).copied()
}

/// Known names take their known type, and are found where the tagger missed them.
fn apply_known_names(text: &str, mentions: &mut Vec<EntityMention>) {
    for m in mentions.iter_mut() {
        if let Some(label) = known_label(&text[m.span.start..m.span.end]) {
            m.label = label;
        }
    }
    let Some(finder) = &known_names().finder else {
        return;
    };
    let mut found = Vec::new();
    for hit in finder.find_iter(text) {
        let span = Span::new(hit.start(), hit.end());
        if mentions.iter().all(|m| !m.span.overlaps(span)) {
            if let Some(label) = known_label(hit.as_str()) {
                found.push(EntityMention { span, label });
            }
        }
    }
    mentions.extend(found);
}

/// "based in Jurf al-Sakhar": a person is rarely "in" anywhere by name.
fn places_after_locatives(text: &str, mentions: &mut [EntityMention]) {
    for m in mentions.iter_mut().filter(|m| m.label == Label::Per) {
        let before = text[..m.span.start].trim_end();
        let previous_word = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let possessive =
            text[m.span.end..].starts_with("'s") || text[m.span.end..].starts_with("’s");
        let place_of = previous_word == "of" && {
            let noun = before[..before.len() - 2]
                .trim_end()
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("");
            PLACE_NOUNS_BEFORE_OF.contains(&noun)
        };
        if (LOCATIVES.contains(&previous_word) || place_of) && !possessive {
            m.label = Label::Loc;
        }
    }
}

/// "Soleimani" alone, tagged anything, is the person "Qassam Soleimani" named
/// in the same document.
fn surnames_of_people(text: &str, mentions: &mut [EntityMention]) {
    let surnames: Vec<String> = mentions
        .iter()
        .filter(|m| m.label == Label::Per)
        .filter_map(|m| {
            let k = key(&text[m.span.start..m.span.end]);
            let mut words = k.rsplit(' ');
            let last = words.next()?;
            words.next()?;
            Some(last.to_string())
        })
        .collect();
    for m in mentions.iter_mut().filter(|m| m.label != Label::Per) {
        let k = key(&text[m.span.start..m.span.end]);
        if !k.contains(' ') && k.chars().count() >= 3 && surnames.contains(&k) {
            m.label = Label::Per;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, given: &[(&str, Label)]) -> Vec<(String, Label)> {
        let mut mentions: Vec<EntityMention> = given
            .iter()
            .map(|(name, label)| {
                let at = text.find(name).expect("in text");
                EntityMention {
                    span: Span::new(at, at + name.len()),
                    label: *label,
                }
            })
            .collect();
        correct(text, &mut mentions);
        mentions
            .iter()
            .map(|m| (text[m.span.start..m.span.end].to_string(), m.label))
            .collect()
    }

    #[test]
    fn a_title_splits_an_organisation_from_a_person() {
        let got = run(
            "the killing of IRGC General Qassam Soleimani and later Soleimani's men",
            &[
                ("IRGC General Qassam Soleimani", Label::Org),
                ("Soleimani's", Label::Misc),
            ],
        );
        assert_eq!(
            got,
            [
                ("IRGC".to_string(), Label::Org),
                ("Qassam Soleimani".to_string(), Label::Per),
                ("Soleimani's".to_string(), Label::Per)
            ]
        );
    }

    #[test]
    fn known_names_get_their_type_and_are_found_when_missed() {
        let got = run(
            "fight the remnants of the Islamic State militant group; Hamas and the IRGC said",
            &[("Islamic State", Label::Misc), ("Hamas", Label::Org)],
        );
        assert_eq!(
            got,
            [
                ("Islamic State".to_string(), Label::Org),
                ("Hamas".to_string(), Label::Org),
                ("IRGC".to_string(), Label::Org)
            ]
        );
    }

    #[test]
    fn a_person_after_in_is_a_place_but_not_a_possessive() {
        let got = run(
            "Kataib Hezbollah, based in Jurf al-Sakhar. In Biden's view it was wrong.",
            &[("Jurf al-Sakhar", Label::Per), ("Biden", Label::Per)],
        );
        assert!(got.contains(&("Jurf al-Sakhar".to_string(), Label::Loc)));
        assert!(got.contains(&("Biden".to_string(), Label::Per)));
    }

    #[test]
    fn credit_lines_are_dropped() {
        let got = run(
            "Zumar, Iraq. REUTERS/Ari Jalal",
            &[("REUTERS/Ari Jalal", Label::Org)],
        );
        assert!(got.is_empty());
    }
}
