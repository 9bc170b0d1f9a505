//! Place names the entity tagger missed or mistyped.
//!
//! The tagger learnt from 1996 news: "Kyiv", "Bakhmut", "Khan Younis" or
//! "Kobani" are words it has never seen, and in "hit Kyiv and Lviv" it calls
//! the first an organisation ("Sumy" a person, "Tacloban" something else).
//! A capitalised name the tagger left untagged or gave another type counts
//! as a location when the words around it say it is one and the gazetteer
//! confirms it: after "in", "near", "toward" and the like, after "hit",
//! "seized" or "fled", or in a list with a place ("Kharkiv and Sumy"). The
//! gazetteer must know it as a sizeable town (so "in Reading" needs
//! Reading's 160,000 people), under its name or a spelling of it, or as a
//! division, a country or a curated place under its own name.

use std::collections::BTreeMap;

use dossier_core::Span;

use super::gazetteer::{Gazetteer, PlaceKind};
use super::resolve::is_listed;
use crate::ner::{EntityMention, Label};

/// Words after which a name is where something is or goes.
/// Not "to" nor "at": "according to Taylor", "an executive at TBS".
const LOCATIVES: &str = "in near from toward towards around outside across into via inside";

/// Verbs of attack and movement whose object is a place when it is one.
const VERBS_OF_PLACE: &str = "hit struck shelled bombed attacked seized captured recaptured \
    besieged reached entered fled evacuated devastated flooded raided";

/// "in Spring" is a time (Spring, Texas is found when the tagger says so).
const SEASONS: &str = "spring summer autumn fall winter";

/// A town the tagger missed must be at least this large to be taken on the
/// gazetteer's word alone.
const MIN_TOWN: u32 = 20_000;

/// The longest name looked for, in words.
const MAX_WORDS: usize = 3;

/// Makes locations of the place names the tagger missed or mislabelled:
/// untagged ones are added, others relabelled (`mentions` ends sorted).
/// Linear in the document's length, which may be a book's.
pub(crate) fn places_by_context(text: &str, mentions: &mut Vec<EntityMention>) {
    let gaz = Gazetteer::builtin();
    mentions.sort_by_key(|m| m.span.start);
    // The names that may be places: what the tagger took for a person, an
    // organisation or a name of another kind, and what it left untagged.
    let mut names: Vec<(Span, Option<usize>)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.label != Label::Loc)
        .map(|(i, m)| (m.span, Some(i)))
        .collect();
    for span in capitalised_names(text) {
        if !overlaps_any(mentions, span) {
            names.push((span, None));
        }
    }
    // The locations by where they start, for "Kharkiv and Sumy".
    let mut places: BTreeMap<usize, usize> = mentions
        .iter()
        .filter(|m| m.label == Label::Loc)
        .map(|m| (m.span.start, m.span.end))
        .collect();
    // Two passes, so that a list is found from either end ("Kyiv and
    // Lviv", where only Lviv was a location; "toward Bakhmut and
    // Avdiivka", where "toward" vouches for the first).
    let mut found: Vec<(Span, Option<usize>)> = Vec::new();
    for _ in 0..2 {
        for &(span, index) in &names {
            if places.contains_key(&span.start) {
                continue;
            }
            let person = index.is_some_and(|i| mentions[i].label == Label::Per);
            let context = after_locative(text, span)
                || listed_with_place(text, span, &places)
                || (!person && after_verb_of_place(text, span));
            let name = &text[span.start..span.end];
            if context && !is_listed(SEASONS, &name.to_lowercase()) && known_place(gaz, name) {
                places.insert(span.start, span.end);
                found.push((span, index));
            }
        }
    }
    for (span, index) in found {
        match index {
            Some(i) => mentions[i].label = Label::Loc,
            None => mentions.push(EntityMention {
                span,
                label: Label::Loc,
            }),
        }
    }
    mentions.sort_by_key(|m| m.span.start);
}

/// Whether `span` overlaps one of `mentions` (sorted by start, not
/// overlapping each other).
fn overlaps_any(mentions: &[EntityMention], span: Span) -> bool {
    let after = mentions.partition_point(|m| m.span.start < span.end);
    after > 0 && mentions[after - 1].span.end > span.start
}

/// Runs of up to `MAX_WORDS` capitalised words ("Khan Younis", "Gaza City"),
/// each run as long as it goes; a possessive ends one ("Kyiv's mayor").
fn capitalised_names(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut run: Option<(Span, usize)> = None; // the run so far, its words
    let mut close = |run: &mut Option<(Span, usize)>| {
        if let Some((span, _)) = run.take() {
            out.push(span);
        }
    };
    for word in words(text) {
        let w = &text[word.start..word.end];
        let capitalised = w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase);
        if !capitalised {
            close(&mut run);
            continue;
        }
        match run {
            Some((span, n)) if n < MAX_WORDS && &text[span.end..word.start] == " " => {
                run = Some((Span::new(span.start, word.end), n + 1));
            }
            _ => {
                close(&mut run);
                run = Some((word, 1));
            }
        }
        if possessive_after(text, word.end) {
            close(&mut run);
        }
    }
    close(&mut run);
    out
}

/// The words of `text`: letters, with hyphens and apostrophes between
/// letters, without a possessive "'s".
fn words(text: &str) -> impl Iterator<Item = Span> + '_ {
    let inner = |c: char| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}');
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + text[at..].find(char::is_alphabetic)?;
        let len = text[start..]
            .find(|c: char| !inner(c))
            .unwrap_or(text.len() - start);
        at = start + len;
        let mut word = &text[start..start + len];
        for possessive in ["'s", "\u{2019}s"] {
            word = word.strip_suffix(possessive).unwrap_or(word);
        }
        let word = word.trim_end_matches(|c: char| !c.is_alphabetic());
        Some(Span::new(start, start + word.len()))
    })
}

fn possessive_after(text: &str, end: usize) -> bool {
    text[end..].starts_with("'s") || text[end..].starts_with("\u{2019}s")
}

fn after_locative(text: &str, span: Span) -> bool {
    is_listed(LOCATIVES, word_before(text, span))
}

/// "hit Kyiv", "seized Kobani": verbs whose object, when the gazetteer knows
/// it, is a place (not for names the tagger took for persons: "hit Jackson").
fn after_verb_of_place(text: &str, span: Span) -> bool {
    is_listed(VERBS_OF_PLACE, word_before(text, span))
}

/// The word right before `span`, when only a space separates them.
fn word_before(text: &str, span: Span) -> &str {
    let before = text[..span.start].strip_suffix(' ').unwrap_or("");
    before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
}

/// "Kharkiv and Sumy", "Rafah, Khan Younis": joined by "and", "or" or a
/// comma to the place on either side (`places`: start to end).
fn listed_with_place(text: &str, span: Span, places: &BTreeMap<usize, usize>) -> bool {
    const JOINS: [&str; 4] = [" and ", ", ", " or ", ", and "];
    let before = places
        .range(..span.start)
        .next_back()
        .filter(|(_, &end)| end <= span.start)
        .map(|(_, &end)| &text[end..span.start]);
    let after = places
        .range(span.end..)
        .next()
        .map(|(&start, _)| &text[span.end..start]);
    [before, after]
        .into_iter()
        .flatten()
        .any(|between| JOINS.contains(&between))
}

/// Whether the gazetteer knows the name as a place a news reader would
/// recognise: a town of `MIN_TOWN` people or more (under any of its names:
/// "Avdiivka" is GeoNames' "Avdiyivka"), or under its own name a division, a
/// country or a curated place ("Mass" is Massachusetts only with its period).
fn known_place(gaz: &Gazetteer, name: &str) -> bool {
    gaz.lookup(name).iter().any(|c| match c.entry.kind {
        PlaceKind::City if c.entry.population >= MIN_TOWN => {
            c.primary || spelled_alike(&gaz.normalise(name), &gaz.normalise(c.entry.name))
        }
        PlaceKind::City => c.primary && c.entry.id.is_synthetic(),
        PlaceKind::Demonym => false,
        _ => c.primary,
    })
}

/// Whether an other name of a town is a spelling of its own ("Avdiivka",
/// "Avdiyivka") rather than a code or a word GeoNames also lists for it
/// ("Dr" for Daraa, "Hamas" for Hamm): at most one letter in four differs.
fn spelled_alike(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len());
    longest >= 4 && 4 * edit_distance(&a, &b) <= longest
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::NerModel;

    fn locations(text: &str) -> Vec<&str> {
        NerModel::builtin()
            .entities(text)
            .iter()
            .filter(|m| m.label == Label::Loc)
            .map(|m| &text[m.span.start..m.span.end])
            .collect()
    }

    #[test]
    fn places_the_tagger_mistyped_are_found_by_their_company() {
        // The 1996 training news has none of these names; the tagger calls
        // them organisations and persons.
        assert_eq!(
            locations("Russian missiles hit Kyiv and Lviv overnight."),
            ["Kyiv", "Lviv"]
        );
        assert_eq!(
            locations("Shelling hit Kharkiv and Sumy overnight."),
            ["Kharkiv", "Sumy"]
        );
        assert_eq!(
            locations("Airstrikes hit Rafah and Khan Younis in Gaza."),
            ["Rafah", "Khan Younis", "Gaza"]
        );
        let text = "Ukrainian forces pushed toward Bakhmut and Avdiivka in the Donbas.";
        assert_eq!(locations(text), ["Bakhmut", "Avdiivka", "Donbas"]);
    }

    #[test]
    fn people_codes_and_seasons_stay_what_they_are() {
        for text in [
            "The report was written, according to Taylor, in haste.",
            "According to Dr. Smith, the FAO warned of famine.",
            "Cases of the same leukemia rose in Spring, officials said.",
            "He spoke to Hamas and Israel about the ceasefire.",
        ] {
            let found = locations(text);
            for not_a_place in ["Taylor", "Dr", "FAO", "Spring", "Hamas"] {
                assert!(
                    !found.contains(&not_a_place),
                    "{not_a_place} in {text:?}: {found:?}"
                );
            }
        }
    }

    #[test]
    fn other_names_count_only_when_spelled_like_the_name() {
        assert!(spelled_alike("avdiivka", "avdiyivka"));
        assert!(spelled_alike("khan younis", "khan yunis"));
        assert!(!spelled_alike("hamas", "hamm"));
        assert!(!spelled_alike("dr", "dara"));
    }
}
