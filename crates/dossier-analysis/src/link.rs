//! Entity linking inside one document: which mentions name the same thing.
//!
//! News writes a name in full once and then shortens it: "Mohammed Shia
//! Al-Sudani" becomes "Al-Sudani" and "Sudani"; "Popular Mobilization Forces
//! (PMF)" becomes "PMF"; "US Central Command" is also "CENTCOM". This module
//! groups one document's mentions into local entities, each with the lookup
//! keys under which the library links it to entities seen in other articles.
//! It is conservative on purpose: a wrong merge hides a person behind another,
//! while a missed one is a single click for the user to fix.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ner::{EntityMention, Label};

/// The mentions of one document that name one thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalEntity {
    pub label: Label,
    /// The fullest way the document writes the name.
    pub name: String,
    /// Normalised keys of every surface form used (see [`key`]).
    pub keys: BTreeSet<String>,
    /// Weaker keys the name is likely shortened to elsewhere: a person's
    /// surname ("sudani", "al sudani"). Linked only when nothing stronger is.
    pub derived_keys: BTreeSet<String>,
    /// Indices into the mention slice given to [`group`].
    pub mentions: Vec<usize>,
}

/// Name particles that are kept with a surname ("al sudani") but are not a
/// surname on their own.
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "abu", "van", "von", "de", "der", "den", "da", "di", "du", "la",
    "le", "del", "della", "mac", "st",
];

/// Words an acronym may leave out: "Islamic Revolutionary Guard Corps" is IRGC,
/// "Party of the Regions" may be PR.
const ACRONYM_SKIPPABLE: &[&str] = &["of", "the", "and", "for", "&", "in", "on", "de", "des"];

/// The lookup key of a surface form: case-folded, dots of abbreviations
/// dropped ("U.S." = "US"), possessive and leading article removed, hyphens
/// and runs of spaces made one space ("Al-Sudani" = "al sudani").
pub fn key(surface: &str) -> String {
    let mut s = surface.trim();
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            s = stripped;
            break;
        }
    }
    let lower = fold(s);
    let lower = lower.strip_prefix("the ").unwrap_or(&lower).to_string();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            '.' | '"' | '“' | '”' | '‘' | '(' | ')' | ',' => {}
            '-' | '‐' | '–' | '—' | '_' | '/' => push_space(&mut out),
            c if c.is_whitespace() => push_space(&mut out),
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Lower case, with the Latin diacritics news writes inconsistently removed
/// ("Mósul" = "mosul").
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            '’' | 'ʼ' | '`' => '\'',
            c => c,
        })
        .collect()
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Whether a surface form is written as an acronym: two to eight capitals
/// (dots allowed, digits after the first letter), like "PMF", "U.S.", "CENTCOM".
pub fn is_acronym(surface: &str) -> bool {
    let letters: Vec<char> = surface.chars().filter(|c| *c != '.').collect();
    (2..=8).contains(&letters.len())
        && letters[0].is_ascii_uppercase()
        && letters
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '&')
}

/// Whether `acronym` abbreviates `name`: each significant word of the name
/// gives its first letter ("PMF" = Popular Mobilization Forces), or, for
/// acronyms of four letters or more, the start of the word ("CENTCOM" =
/// CENTral COMmand). A leading country word may be left out ("US Central
/// Command"), and small words like "of" always may.
pub fn is_acronym_of(acronym: &str, name: &str) -> bool {
    if !is_acronym(acronym) || is_acronym(name) {
        return false;
    }
    let acr: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            fold(w)
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '&')
                .collect()
        })
        .filter(|w: &String| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return false;
    }
    let allow_prefixes = acr.len() >= 4;
    matches_words(&acr, &words, 0, allow_prefixes) || {
        // "US Central Command" is CENTCOM: the country word is left out.
        words.len() >= 3 && matches_words(&acr, &words[1..], 0, allow_prefixes)
    }
}

/// Whether the acronym letters `acr` are spelt by `words` from word `used`
/// on: every word either gives a prefix or is a skippable small word, and at
/// least two words give letters.
fn matches_words(acr: &[char], words: &[String], contributing: usize, prefixes: bool) -> bool {
    let Some((word, rest)) = words.split_first() else {
        return acr.is_empty() && contributing >= 2;
    };
    if acr.is_empty() {
        return false;
    }
    if ACRONYM_SKIPPABLE.contains(&word.as_str())
        && matches_words(acr, rest, contributing, prefixes)
    {
        return true;
    }
    let chars: Vec<char> = word.chars().collect();
    let longest = if prefixes { chars.len() } else { 1 };
    (1..=longest.min(acr.len())).any(|n| {
        chars[..n] == acr[..n] && matches_words(&acr[n..], rest, contributing + 1, prefixes)
    })
}

/// The keys a person's full name is shortened to: the surname, and the surname
/// with its particle ("Mohammed Shia Al-Sudani" → "sudani", "al sudani").
fn surname_keys(name_key: &str) -> BTreeSet<String> {
    let tokens: Vec<&str> = name_key.split(' ').collect();
    let mut keys = BTreeSet::new();
    if tokens.len() < 2 {
        return keys;
    }
    let last = tokens[tokens.len() - 1];
    if last.chars().count() >= 3 && !PARTICLES.contains(&last) {
        keys.insert(last.to_string());
        let before = tokens[tokens.len() - 2];
        if PARTICLES.contains(&before) && tokens.len() >= 3 {
            keys.insert(format!("{before} {last}"));
        }
    }
    keys
}

/// Whether the person name `short` (a key) is a shortening of `full` (a key):
/// its words end the full name ("al sudani", "sudani" of "mohammed shia al
/// sudani").
fn is_surname_of(short: &str, full: &str) -> bool {
    let s: Vec<&str> = short.split(' ').collect();
    let f: Vec<&str> = full.split(' ').collect();
    let last = s[s.len() - 1];
    s.len() < f.len() && f.ends_with(&s) && last.chars().count() >= 3 && !PARTICLES.contains(&last)
}

/// Groups one document's mentions (as the tagger found them, with byte spans
/// into `text`) into local entities, in order of first mention.
pub fn group(text: &str, mentions: &[EntityMention]) -> Vec<LocalEntity> {
    let labels: Vec<Label> = mentions.iter().map(|m| m.label).collect();
    let mut groups: Vec<Group> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let surface = &text[m.span.start..m.span.end];
        let k = key(surface);
        if k.is_empty() {
            continue;
        }
        match groups
            .iter_mut()
            .find(|g| g.label == m.label && g.keys.contains(&k))
        {
            Some(g) => g.add(i, surface, k),
            None => groups.push(Group::new(i, m.label, surface, k)),
        }
    }
    join_parenthesised_acronyms(text, mentions, &mut groups);
    join_acronyms(&mut groups);
    join_surnames(&mut groups);
    groups
        .into_iter()
        .filter(|g| !g.mentions.is_empty())
        .map(|g| g.finish(&labels))
        .collect()
}

/// A local entity under construction.
#[derive(Debug)]
struct Group {
    label: Label,
    keys: BTreeSet<String>,
    /// Surface forms with how often each was used.
    surfaces: Vec<(String, usize)>,
    mentions: Vec<usize>,
}

impl Group {
    fn new(i: usize, label: Label, surface: &str, k: String) -> Group {
        let mut g = Group {
            label,
            keys: BTreeSet::new(),
            surfaces: Vec::new(),
            mentions: Vec::new(),
        };
        g.add(i, surface, k);
        g
    }

    fn add(&mut self, i: usize, surface: &str, k: String) {
        self.mentions.push(i);
        self.keys.insert(k);
        let surface = surface.trim();
        match self.surfaces.iter_mut().find(|(s, _)| s == surface) {
            Some((_, n)) => *n += 1,
            None => self.surfaces.push((surface.to_string(), 1)),
        }
    }

    fn absorb(&mut self, other: Group) {
        self.keys.extend(other.keys);
        self.mentions.extend(other.mentions);
        for (s, n) in other.surfaces {
            match self.surfaces.iter_mut().find(|(t, _)| *t == s) {
                Some((_, m)) => *m += n,
                None => self.surfaces.push((s, n)),
            }
        }
    }

    /// The fullest written form: not an acronym, most words, then most used.
    fn best_name(&self) -> String {
        self.surfaces
            .iter()
            .max_by_key(|(s, n)| (!is_acronym(s), s.split_whitespace().count(), *n))
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    }

    fn is_acronym_group(&self) -> bool {
        self.surfaces.iter().all(|(s, _)| is_acronym(s))
    }

    fn finish(mut self, labels: &[Label]) -> LocalEntity {
        self.mentions.sort_unstable();
        self.label = majority_label(&self.mentions, labels, self.label);
        let name = self.best_name();
        let derived_keys = if self.label == Label::Per {
            surname_keys(&key(&name))
                .into_iter()
                .filter(|k| !self.keys.contains(k))
                .collect()
        } else {
            BTreeSet::new()
        };
        LocalEntity {
            label: self.label,
            name,
            keys: self.keys,
            derived_keys,
            mentions: self.mentions,
        }
    }
}

/// The type most of the mentions have ("CENTCOM" twice ORG outvotes "United
/// States Central Command" once LOC); a tie keeps `first`.
fn majority_label(mentions: &[usize], labels: &[Label], first: Label) -> Label {
    let mut votes = [0usize; 4];
    for &i in mentions {
        votes[labels[i] as usize] += 1;
    }
    let best = *votes.iter().max().expect("four labels");
    if votes[first as usize] == best {
        first
    } else {
        Label::ALL[votes.iter().position(|&v| v == best).expect("a maximum")]
    }
}

/// Whether two labels may name one thing: equal, or one of them MISC (the
/// tagger's least certain type).
fn compatible(a: Label, b: Label) -> bool {
    a == b || a == Label::Misc || b == Label::Misc
}

/// "Popular Mobilization Forces (PMF)": the bracketed acronym right after a
/// name is its abbreviation, whatever its letters.
fn join_parenthesised_acronyms(text: &str, mentions: &[EntityMention], groups: &mut Vec<Group>) {
    for pair in mentions.windows(2) {
        let (full, short) = (&pair[0], &pair[1]);
        let between = &text[full.span.end..short.span.start];
        let after = &text[short.span.end..];
        let short_surface = &text[short.span.start..short.span.end];
        if between.trim() == "(" && after.trim_start().starts_with(')') && is_acronym(short_surface)
        {
            let full_key = key(&text[full.span.start..full.span.end]);
            let short_key = key(short_surface);
            join_groups_with_keys(groups, &full_key, &short_key);
        }
    }
}

/// An acronym group joins the one multi-word group it abbreviates; when
/// several fit, none is chosen (a wrong guess is worse than none).
fn join_acronyms(groups: &mut Vec<Group>) {
    let mut i = 0;
    while i < groups.len() {
        if groups[i].is_acronym_group() {
            let acronyms: Vec<String> = groups[i].surfaces.iter().map(|(s, _)| s.clone()).collect();
            let fits: Vec<usize> = (0..groups.len())
                .filter(|&j| j != i && compatible(groups[i].label, groups[j].label))
                .filter(|&j| {
                    let g = &groups[j];
                    g.surfaces
                        .iter()
                        .any(|(name, _)| acronyms.iter().any(|a| is_acronym_of(a, name)))
                })
                .collect();
            if let [j] = fits[..] {
                merge_into(groups, j, i);
                i = 0;
                continue;
            }
        }
        i += 1;
    }
}

/// A person's shortened name joins the one fuller name it ends; ambiguous
/// surnames (two Smiths in one article) stay apart.
fn join_surnames(groups: &mut Vec<Group>) {
    let mut i = 0;
    while i < groups.len() {
        if groups[i].label == Label::Per {
            let fits: Vec<usize> = (0..groups.len())
                .filter(|&j| j != i && groups[j].label == Label::Per)
                .filter(|&j| {
                    groups[i]
                        .keys
                        .iter()
                        .all(|s| groups[j].keys.iter().any(|f| is_surname_of(s, f)))
                })
                .collect();
            if let [j] = fits[..] {
                merge_into(groups, j, i);
                i = 0;
                continue;
            }
        }
        i += 1;
    }
}

fn join_groups_with_keys(groups: &mut Vec<Group>, a: &str, b: &str) {
    let ga = groups.iter().position(|g| g.keys.contains(a));
    let gb = groups.iter().position(|g| g.keys.contains(b));
    if let (Some(ga), Some(gb)) = (ga, gb) {
        if ga != gb {
            merge_into(groups, ga, gb);
        }
    }
}

/// Moves group `from` into group `into`; the fuller group keeps its label.
fn merge_into(groups: &mut Vec<Group>, into: usize, from: usize) {
    let taken = groups.remove(from);
    let into = if from < into { into - 1 } else { into };
    groups[into].absorb(taken);
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::Span;

    fn mentions(text: &str, names: &[(&str, Label)]) -> Vec<EntityMention> {
        let mut out = Vec::new();
        let mut from = 0;
        for (name, label) in names {
            let at = text[from..].find(name).expect("name in text") + from;
            out.push(EntityMention {
                span: Span::new(at, at + name.len()),
                label: *label,
            });
            from = at + name.len();
        }
        out
    }

    fn names(groups: &[LocalEntity]) -> Vec<(&str, usize)> {
        groups
            .iter()
            .map(|g| (g.name.as_str(), g.mentions.len()))
            .collect()
    }

    #[test]
    fn keys_ignore_case_dots_hyphens_possessives_and_articles() {
        assert_eq!(key("U.S."), "us");
        assert_eq!(key("Al-Sudani"), "al sudani");
        assert_eq!(key("al Sudani's"), "al sudani");
        assert_eq!(
            key("the  Popular Mobilization Forces"),
            "popular mobilization forces"
        );
        assert_eq!(key("Mósul"), "mosul");
    }

    #[test]
    fn acronyms_by_initials_and_by_word_starts() {
        assert!(is_acronym_of("PMF", "Popular Mobilization Forces"));
        assert!(is_acronym_of("IRGC", "Islamic Revolutionary Guard Corps"));
        assert!(is_acronym_of("CENTCOM", "US Central Command"));
        assert!(is_acronym_of("CENTCOM", "U.S. Central Command"));
        assert!(is_acronym_of("U.S.", "United States"));
        assert!(is_acronym_of("KH", "Kataib Hezbollah"));
        assert!(!is_acronym_of("PMF", "Popular Front"));
        assert!(!is_acronym_of("IS", "Iraq"));
        // Short acronyms must be initials, not word starts.
        assert!(!is_acronym_of("KAH", "Kataib Hezbollah"));
        assert!(!is_acronym_of("Hamas", "Harakat al-Muqawama"));
    }

    #[test]
    fn a_person_shortened_to_the_surname_is_one_entity() {
        let text = "Prime Minister Mohammed Shia Al-Sudani spoke. Al-Sudani said the strikes \
                    were an attack. Sudani later left. Biden did not.";
        let ms = mentions(
            text,
            &[
                ("Mohammed Shia Al-Sudani", Label::Per),
                ("Al-Sudani", Label::Per),
                ("Sudani", Label::Per),
                ("Biden", Label::Per),
            ],
        );
        let groups = group(text, &ms);
        assert_eq!(
            names(&groups),
            [("Mohammed Shia Al-Sudani", 3), ("Biden", 1)]
        );
        let sudani = &groups[0];
        assert!(sudani.keys.contains("sudani") && sudani.keys.contains("al sudani"));
        assert!(groups[1].derived_keys.is_empty());
    }

    #[test]
    fn a_full_name_alone_gets_surname_keys_for_other_articles() {
        let text = "Qassem Soleimani was killed in 2020.";
        let ms = mentions(text, &[("Qassem Soleimani", Label::Per)]);
        let groups = group(text, &ms);
        assert_eq!(
            groups[0].derived_keys.iter().collect::<Vec<_>>(),
            ["soleimani"]
        );
    }

    #[test]
    fn two_people_with_one_surname_keep_the_surname_apart() {
        let text = "Joe Biden and Hunter Biden met. Biden said so.";
        let ms = mentions(
            text,
            &[
                ("Joe Biden", Label::Per),
                ("Hunter Biden", Label::Per),
                ("Biden", Label::Per),
            ],
        );
        let groups = group(text, &ms);
        assert_eq!(
            names(&groups),
            [("Joe Biden", 1), ("Hunter Biden", 1), ("Biden", 1)]
        );
    }

    #[test]
    fn acronyms_join_the_names_they_abbreviate() {
        let text = "The Popular Mobilization Forces (PMF) and US Central Command. \
                    The PMF said CENTCOM lied. Kataib Hezbollah is not Hezbollah.";
        let ms = mentions(
            text,
            &[
                ("Popular Mobilization Forces", Label::Org),
                ("PMF", Label::Org),
                ("US Central Command", Label::Org),
                ("PMF", Label::Org),
                ("CENTCOM", Label::Org),
                ("Kataib Hezbollah", Label::Org),
                ("Hezbollah", Label::Org),
            ],
        );
        let groups = group(text, &ms);
        assert_eq!(
            names(&groups),
            [
                ("Popular Mobilization Forces", 3),
                ("US Central Command", 2),
                ("Kataib Hezbollah", 1),
                ("Hezbollah", 1)
            ]
        );
    }

    #[test]
    fn different_types_with_one_spelling_stay_apart() {
        let text = "Washington said Washington was safe.";
        let ms = mentions(
            text,
            &[("Washington", Label::Per), ("Washington", Label::Loc)],
        );
        assert_eq!(group(text, &ms).len(), 2);
    }
}
