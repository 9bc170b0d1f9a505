//! Toponym resolution: which gazetteer entry each place mention means.
//!
//! 1. Toponyms are the tagger's LOC mentions, plus ORG/MISC mentions whose
//!    text is a country or first-level division (metonymy: "Iraq said").
//! 2. Each gets its gazetteer candidates, scored by a prior (kind of place and
//!    population) and by evidence from the rest of the article: the countries
//!    it talks about (other places and demonyms), the divisions it names,
//!    containment ("Paris, Texas"), and distance to the other places.
//! 3. The evidence depends on the other toponyms' choices, so choices are
//!    refined a few times, each round scoring against the previous round.
//!
//! A user's correction (`overrides`) fixes a name's entry outright and counts
//! as evidence for the others.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use dossier_core::Span;

use super::gazetteer::{Candidate, Entry, EntryId, Gazetteer, PlaceKind};
use crate::ner::{EntityMention, Label};

/// A resolved place mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Byte span of the mention in the text.
    pub span: Span,
    /// The mention as written.
    pub name: String,
    pub entry: EntryId,
    /// The entry's own name ("Al Hillah" for "Hillah").
    pub canonical: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2, empty for regions spanning countries.
    pub country: String,
    pub kind: PlaceKind,
    /// How much the chosen entry beats the others for this name, 0 to 1.
    pub confidence: f32,
}

/// Below this confidence a place is held for the user to confirm instead of
/// being drawn on the map or given to an event. Chosen on the development sets
/// (LGL and GeoVirus, 5,187 matched toponyms): the resolver's choices below it
/// are right 46% of the time (214 toponyms), those above it 93%. Which
/// "Springfield" a local paper means, with no other place named, is a question
/// for the reader, not a guess to draw.
pub const DOUBTFUL_BELOW: f32 = 0.35;

impl Place {
    /// Whether the resolver is less sure of this place than `DOUBTFUL_BELOW`.
    pub fn is_doubtful(&self) -> bool {
        self.confidence < DOUBTFUL_BELOW
    }

    /// The mention `name` at `span`, read as the gazetteer entry `e`.
    fn of(e: &Entry, span: Span, name: &str, confidence: f32) -> Place {
        Place {
            span,
            name: name.to_string(),
            entry: e.id,
            canonical: e.name.to_string(),
            lat: e.lat,
            lon: e.lon,
            country: e.country.to_string(),
            kind: e.kind,
            confidence,
        }
    }
}

/// Resolves the places among `mentions` (from `NerModel::entities(text)`).
pub fn resolve(text: &str, mentions: &[EntityMention]) -> Vec<Place> {
    resolve_with(text, mentions, &|_| None)
}

/// As `resolve`, with the user's choices: `overrides(name)` gives the entry a
/// name (as written) must resolve to, whatever the evidence says.
pub fn resolve_with(
    text: &str,
    mentions: &[EntityMention],
    overrides: &dyn Fn(&str) -> Option<EntryId>,
) -> Vec<Place> {
    let gaz = Gazetteer::builtin();
    let mut toponyms = find_toponyms(gaz, text, mentions, overrides);
    drop_heads_of_named_features(text, &mut toponyms);
    let demonyms = demonym_mentions(gaz, text, mentions);
    let demonym_votes = demonym_votes(text, &demonyms);
    mark_demonyms_before(text, &demonyms, &mut toponyms);
    link_containment(text, &mut toponyms);
    let picks = choose(gaz, text, &toponyms, &demonym_votes);
    toponyms
        .iter()
        .zip(picks)
        .map(|(t, (pick, confidence))| {
            let name = &text[t.span.start..t.span.end];
            Place::of(&t.candidates[pick].entry, t.span, name, confidence)
        })
        .collect()
}

/// What the geoparsing benchmarks count as toponyms: the places `resolve`
/// finds plus the demonyms that overlap none of them, in text order.
pub fn places_with_demonyms(text: &str, mentions: &[EntityMention]) -> Vec<Place> {
    let mut places = resolve(text, mentions);
    let found: Vec<Place> = demonyms(text, mentions)
        .into_iter()
        .filter(|d| {
            !places
                .iter()
                .any(|p| p.span.start < d.span.end && d.span.start < p.span.end)
        })
        .collect();
    places.extend(found);
    places.sort_by_key(|p| p.span.start);
    places
}

/// The demonyms and adjectival place names among `mentions` ("Iraqi",
/// "Palestinians", "Texan"), each as the place it names, with kind
/// `Demonym`, the point of that country (or state, or region) and no
/// competing meaning (confidence 1).
///
/// `resolve` never returns these: in the app, "Iraqi officials" says who
/// acted, not where, and a demonym only weighs the article towards its
/// country. Geoparsing benchmarks built on the pragmatic toponym taxonomy
/// (Gritta et al. 2019; LGL and GeoWebNews) annotate demonyms as toponyms
/// geocoded to the place they name, and `dossier eval geo` adds them for
/// that reason only.
pub fn demonyms(text: &str, mentions: &[EntityMention]) -> Vec<Place> {
    let gaz = Gazetteer::builtin();
    let mut out = Vec::new();
    for m in mentions {
        let span = trim_mention(text, m.span);
        // "Russian-American crew": each part is a demonym of its own.
        let mut start = span.start;
        for part in text[span.start..span.end].split('-') {
            let part_span = Span::new(start, start + part.len());
            start += part.len() + 1;
            let Some(e) = gaz
                .lookup(part)
                .into_iter()
                .map(|c| c.entry)
                .find(|e| e.kind == PlaceKind::Demonym)
            else {
                continue;
            };
            out.push(Place::of(&e, part_span, part, 1.0));
        }
    }
    out
}

/// A place mention and what it may mean.
struct Toponym {
    span: Span,
    /// The normalised name: mentions sharing it are one place in one article.
    key: String,
    candidates: Vec<Candidate>,
    /// The user's choice, an index into `candidates`.
    forced: Option<usize>,
    /// Index of a toponym written right after this one as its container
    /// ("Hillah, Babil"), and of one this toponym contains.
    container: Option<usize>,
    contained: Option<usize>,
    /// The country of a demonym shortly before the name in its sentence
    /// ("the Syrian port of Latakia", "Palestinian fighters in Gaza").
    demonym_before: Option<&'static str>,
}

/// Capitalised words that the gazetteer knows as places but that, on their
/// own, are nearly always something else in news text.
const NEVER_PLACES: &str =
    "ain eastern western northern southern minister president governor mayor senator \
    police army university college church hospital school county city state province \
    district north south east west central union republic january february march \
    april may june july august september october november december monday tuesday \
    wednesday thursday friday saturday sunday christmas god jesus obama bush trump \
    northeast northwest southeast southwest st street avenue ave road rd boulevard blvd lane";

/// Capitalised words after a name that make it a street ("Darby Street",
/// "Orchard St."): the name is then not the place it may also be.
const STREET_WORDS: &str = "st street avenue ave road rd boulevard blvd lane drive";

/// Titles before a name: "Miss Cordiner" is a woman, not Mississippi.
const TITLES: &str = "miss mrs mr ms dr sister brother father lt sgt gen col capt";

/// Words after a name that say what kind of division it is; dropped when the
/// whole phrase is not itself in the gazetteer ("Babil province").
const DIVISION_WORDS: &str =
    "province governorate region district state city town village area prefecture \
    oblast county municipality valley airport";

/// Whether `word` is one of the space-separated words of `list`.
pub(super) fn is_listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

fn find_toponyms(
    gaz: &Gazetteer,
    text: &str,
    mentions: &[EntityMention],
    overrides: &dyn Fn(&str) -> Option<EntryId>,
) -> Vec<Toponym> {
    let mut out = Vec::new();
    for m in mentions {
        let Some((span, mut candidates)) = toponym_in(gaz, text, m) else {
            continue;
        };
        let surface = &text[span.start..span.end];
        if is_degree_after_name(text, mentions, span) {
            continue;
        }
        if let Some(counties) = county_in_list(gaz, text, span) {
            candidates = counties;
        }
        let forced_entry = overrides(surface).and_then(|id| gaz.entry(id));
        if let Some(e) = forced_entry {
            if !candidates.iter().any(|c| c.entry.id == e.id) {
                candidates.push(Candidate {
                    entry: e,
                    primary: true,
                });
            }
        }
        let forced = forced_entry.and_then(|e| candidates.iter().position(|c| c.entry.id == e.id));
        // A name grown over its neighbour ("Rio Grande" + "do Sul") leaves
        // one toponym, the longer.
        if let Some(last) = out.last() {
            let last: &Toponym = last;
            if last.span.end > span.start {
                if last.span.len() >= span.len() {
                    continue;
                }
                out.pop();
            }
        }
        out.push(Toponym {
            span,
            key: gaz.normalise(surface),
            candidates,
            forced,
            container: None,
            contained: None,
            demonym_before: None,
        });
    }
    out
}

/// "Katie Allen, MD, PhD": capitals after a person's name and a comma are a
/// degree, though MD, MA, PA and MS are also states ("Austin, TX" is a
/// place because Austin is not tagged as a person there).
fn is_degree_after_name(text: &str, mentions: &[EntityMention], span: Span) -> bool {
    let surface = &text[span.start..span.end];
    if surface.len() > 3 || !surface.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let before = text[..span.start].trim_end();
    let Some(name_end) = before.strip_suffix(',').map(str::len) else {
        return false;
    };
    mentions
        .iter()
        .any(|m| m.label == Label::Per && m.span.end == name_end)
}

/// "Port of Los Angeles", "Village of Glen Carbon": one word before "of" and
/// a place is the head of a feature's or a town's name, not a place of its
/// own, when all the gazetteer has for it are towns (a French village named
/// Port). The place after "of" stays, and holds the name's location.
fn drop_heads_of_named_features(text: &str, toponyms: &mut Vec<Toponym>) {
    const MAX_TOWN: u32 = 50_000;
    let heads: Vec<usize> = toponyms
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| {
            let (head, place) = (&pair[0], &pair[1]);
            let one_word = !text[head.span.start..head.span.end].contains(' ');
            let just_towns = head.candidates.iter().all(|c| {
                !c.primary || (c.entry.kind == PlaceKind::City && c.entry.population < MAX_TOWN)
            });
            head.forced.is_none()
                && one_word
                && just_towns
                && &text[head.span.end..place.span.start] == " of "
        })
        .map(|(i, _)| i)
        .collect();
    for i in heads.into_iter().rev() {
        toponyms.remove(i);
    }
}

/// "Barrow and Jackson counties", "Dakota, Otoe and Washington counties":
/// a name in a list that ends with "counties" (or "parishes") is a county,
/// whatever else it may name.
fn county_in_list(gaz: &Gazetteer, text: &str, span: Span) -> Option<Vec<Candidate>> {
    static LIST_END: OnceLock<Regex> = OnceLock::new();
    let re = LIST_END.get_or_init(|| {
        let name = r"\p{Lu}[\p{L}.'\u{2019}-]*(?: \p{Lu}[\p{L}.'\u{2019}-]*){0,2}";
        let sep = r"(?:, (?:and |or |& )?| (?:and|or|&) )";
        Regex::new(&format!(r"^(?:{sep}{name})*\s+(counties|parishes)\b")).expect("a valid pattern")
    });
    let caps = re.captures(&text[span.end..])?;
    let word = if &caps[1] == "parishes" {
        "Parish"
    } else {
        "County"
    };
    let name = format!("{} {word}", &text[span.start..span.end]);
    let found: Vec<Candidate> = gaz
        .lookup(&name)
        .into_iter()
        .filter(|c| c.entry.kind == PlaceKind::Admin2)
        .collect();
    (!found.is_empty()).then_some(found)
}

/// The place a mention names, if any, with its candidates: the whole
/// mention; or, when that is not a place, what follows a compass word
/// ("North Texas") or a country or state leading an organisation's name
/// ("U.S. House of Representatives", "Georgia Bureau of Investigation"),
/// which is how news names the places behind institutions.
fn toponym_in(gaz: &Gazetteer, text: &str, m: &EntityMention) -> Option<(Span, Vec<Candidate>)> {
    let span = with_compass_before(gaz, text, trim_mention(text, m.span));
    let surface = &text[span.start..span.end];
    if surface.is_empty() || is_listed(NEVER_PLACES, &gaz.normalise(surface)) {
        return None;
    }
    // "Pittsburgh-based" is tagged MISC, but what comes before "-based" or
    // "-born" is where something is or someone comes from.
    let after = &text[span.end..m.span.end.max(span.end)];
    let label = if ["-based", "-born", "-area"].contains(&after.to_lowercase().as_str()) {
        Label::Loc
    } else {
        m.label
    };
    let m = &EntityMention {
        span: m.span,
        label,
    };
    if m.label == Label::Loc {
        if let Some(longer) = with_name_around(gaz, text, span) {
            return Some(longer);
        }
    }
    if names_street(gaz, text, span) {
        return None;
    }
    let whole = place_candidates(gaz, &written(text, span));
    if !whole.is_empty() {
        // A known place that the label rules out is not looked into further:
        // "Guernsey County" is not the island of Guernsey.
        return is_toponym(m.label, surface, &whole).then_some((span, whole));
    }
    let words = word_spans(text, span);
    if words.len() < 2 {
        return None;
    }
    if names_street_in_full(gaz, text, &words) {
        return None; // "Van Dorn Street" is no more in Van than in Turkey
    }
    if is_listed(
        COMPASS_WORDS,
        &text[words[0].start..words[0].end].to_lowercase(),
    ) {
        let rest = Span::new(words[1].start, span.end);
        let found = place_candidates(gaz, &written(text, rest));
        let accepted = m.label == Label::Loc || is_country_or_state(&found);
        if !found.is_empty() && accepted {
            return Some((rest, found));
        }
    }
    // A location that starts with a state is another place ("Tennessee
    // Colony"); an institution that does is in that state. A person who
    // does is named after it ("Mary Wheeler", "Georgia O'Keeffe"), unless
    // a county leads an office the tagger took for a name ("Anderson County
    // Sheriff Greg Taylor").
    if m.label == Label::Loc {
        return None;
    }
    let first = &text[words[0].start..words[0].end];
    if is_listed(TITLES, &gaz.normalise(first)) {
        return None;
    }
    let found = leading_country_or_state(gaz, text, &words)?;
    let county = names_county(&text[found.0.start..found.0.end], &found.1);
    (m.label != Label::Per || county).then_some(found)
}

/// The name as written for a lookup: with the period the tagger leaves out
/// after it, since "Miss." and "La." are states and "Miss" and "La" are not.
fn written(text: &str, span: Span) -> String {
    let surface = &text[span.start..span.end];
    match text[span.end..].starts_with('.') {
        true => format!("{surface}."),
        false => surface.to_string(),
    }
}

/// "Van Dorn Street", but not "Otter Tail County Road 80", which is in the
/// county.
fn names_street_in_full(gaz: &Gazetteer, text: &str, words: &[Span]) -> bool {
    let word = |i: usize| gaz.normalise(&text[words[i].start..words[i].end]);
    words.iter().enumerate().skip(1).any(|(i, _)| {
        is_listed(STREET_WORDS, &word(i)) && !is_listed("county parish", &word(i - 1))
    })
}

/// Whether the name at `span` is followed by a capitalised street word:
/// "Darby Street" names a street, whatever "Darby" names alone.
fn names_street(gaz: &Gazetteer, text: &str, span: Span) -> bool {
    words_after(text, span.end, 1).first().is_some_and(|w| {
        let word = &text[w.start..w.end];
        word.starts_with(char::is_uppercase) && is_listed(STREET_WORDS, &gaz.normalise(word))
    })
}

/// The span grown to take in a capitalised compass word just before it when
/// that makes a known place: the tagger often leaves "West" out of "West
/// Virginia", which is not Virginia.
fn with_compass_before(gaz: &Gazetteer, text: &str, span: Span) -> Span {
    let before = text[..span.start].trim_end_matches(' ');
    if before.len() + 1 != span.start {
        return span;
    }
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphabetic() && c != '.')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    let compass = is_listed(COMPASS_WORDS, &gaz.normalise(word)) || word == "W.";
    let grown = Span::new(word_start, span.end);
    if capitalised && compass && !place_candidates(gaz, &written(text, grown)).is_empty() {
        grown
    } else {
        span
    }
}

/// Small words inside multi-word place names ("Dar es Salaam", "Rio Grande
/// do Sul", "Stratford-upon-Avon" written with spaces, "Jammu and Kashmir",
/// "Trinidad and Tobago", which the tagger may cut in two).
const NAME_PARTICLES: &str =
    "de del da do dos das di du des es el al la le los las of upon on sur and";

/// The longest place name that a location mention is part of, when the
/// tagger cut it short: "Wales" in "New South Wales", "Dar" in "Dar es
/// Salaam", "Rio Grande" in "Rio Grande do Sul". The longer name must be in
/// the gazetteer as it is written, and the words taken in must be
/// capitalised (or small name particles between capitalised words) on the
/// same line, so that a sentence around a place never becomes one.
fn with_name_around(gaz: &Gazetteer, text: &str, span: Span) -> Option<(Span, Vec<Candidate>)> {
    const MAX_LEFT: usize = 3;
    const MAX_RIGHT: usize = 3;
    const MIN_GROWN_POPULATION: u32 = 5_000;
    let own_key = gaz.normalise(&text[span.start..span.end]);
    let left = words_before(text, span.start, MAX_LEFT);
    let right = words_after(text, span.end, MAX_RIGHT);
    let capitalised = |w: &Span| {
        text[w.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let mut best: Option<(usize, Span, Vec<Candidate>)> = None;
    for l in 0..=left.len() {
        for r in 0..=right.len() {
            if l + r == 0 || l + r <= best.as_ref().map_or(0, |b| b.0) {
                continue;
            }
            let first = if l == 0 { None } else { Some(left[l - 1]) };
            let last = if r == 0 { None } else { Some(right[r - 1]) };
            if first.is_some_and(|w| !capitalised(&w)) || last.is_some_and(|w| !capitalised(&w)) {
                continue;
            }
            let grown = Span::new(
                first.map_or(span.start, |w| w.start),
                last.map_or(span.end, |w| w.end),
            );
            let name = &text[grown.start..grown.end];
            // "The Boston", "Al Hillah": a word the lookup ignores adds nothing.
            if gaz.normalise(name) == own_key {
                continue;
            }
            let found: Vec<Candidate> = gaz
                .lookup(name)
                .into_iter()
                .filter(|c| c.entry.kind != PlaceKind::Demonym)
                .collect();
            // A village named like a phrase ("Santa Claus", Indiana) is no
            // reason to grow a name.
            let notable = found.iter().any(|c| {
                c.entry.kind != PlaceKind::City || c.entry.population >= MIN_GROWN_POPULATION
            });
            if notable {
                best = Some((l + r, grown, found));
            }
        }
    }
    best.map(|(_, s, c)| (s, c))
}

/// Up to `n` words right before `at`, nearest first, each a capitalised word
/// or a name particle, separated by single spaces.
fn words_before(text: &str, at: usize, n: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut end = at;
    while out.len() < n {
        let Some(before) = text[..end].strip_suffix(' ') else {
            break;
        };
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphabetic() || c == '.' || c == '-'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[start..];
        // "St." or "Ft." may lead a name; a longer word with a full stop
        // ends the sentence before it.
        let sentence_end = word.ends_with('.') && word.len() > 3;
        if start == before.len() || sentence_end || !name_word(word) {
            break;
        }
        out.push(Span::new(start, before.len()));
        end = start;
    }
    out
}

/// Up to `n` words right after `at`, in order, as `words_before`.
fn words_after(text: &str, at: usize, n: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = at;
    while out.len() < n {
        let Some(after) = text[start..].strip_prefix(' ') else {
            break;
        };
        let from = start + 1;
        let len = after
            .char_indices()
            .find(|&(_, c)| !(c.is_alphabetic() || c == '-'))
            .map_or(after.len(), |(i, _)| i);
        if len == 0 || !name_word(&after[..len]) {
            break;
        }
        out.push(Span::new(from, from + len));
        start = from + len;
    }
    out
}

/// A word that can be part of a place name: capitalised, or a particle.
fn name_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) || is_listed(NAME_PARTICLES, word)
}

/// Words that point within a place ("North Texas", "southern Iraq").
const COMPASS_WORDS: &str =
    "north south east west northern southern eastern western northeast northwest \
    southeast southwest northeastern northwestern southeastern southwestern central \
    upstate downstate rural";

fn word_spans(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[span.start..span.end].char_indices() {
        let at = span.start + i;
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Span::new(s, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, span.end));
    }
    out
}

/// The longest run of leading words (not all of them) that is a place, if
/// that place is a country, a first-level division or a county: "Kansas City
/// Star" is in Kansas City, not in Kansas.
fn leading_country_or_state(
    gaz: &Gazetteer,
    text: &str,
    words: &[Span],
) -> Option<(Span, Vec<Candidate>)> {
    for n in (1..words.len().min(4)).rev() {
        let span = Span::new(words[0].start, words[n - 1].end);
        let surface = &text[span.start..span.end];
        if is_listed(NEVER_PLACES, &gaz.normalise(surface)) {
            return None;
        }
        let found = place_candidates(gaz, &written(text, span));
        if !found.is_empty() {
            let accepted = is_country_or_state(&found) || names_county(surface, &found);
            return accepted.then_some((span, found));
        }
    }
    None
}

/// A country, or a division under its own name (not an alternate: "Kan" is
/// also a name of Ganzhou, but only Kansas is written "Kan." as a state).
fn is_country_or_state(candidates: &[Candidate]) -> bool {
    candidates.iter().any(|c| match c.entry.kind {
        PlaceKind::Country => true,
        PlaceKind::Admin1 => c.primary || c.entry.country == "US",
        _ => false,
    })
}

/// LOC mentions are toponyms; an organisation or "miscellaneous" mention is
/// one only when its text is a country or a first-level division, which the
/// tagger often labels ORG when it acts ("Iraq said"). Any mention naming a
/// county in full ("Anderson County") or a curated place ("Jurf al-Sakhar")
/// is one, though the tagger often calls such names persons; other person
/// mentions never are: "Austin said" is a man.
fn is_toponym(label: Label, surface: &str, candidates: &[Candidate]) -> bool {
    let unmistakable = names_county(surface, candidates) || names_curated_place(candidates);
    match label {
        Label::Loc => true,
        Label::Org | Label::Misc => unmistakable || is_country_or_state(candidates),
        Label::Per => unmistakable,
    }
}

/// A town, landmark or region from the curated supplement, whose names were
/// chosen because news uses them for that place.
fn names_curated_place(candidates: &[Candidate]) -> bool {
    candidates.iter().any(|c| {
        c.entry.id.is_synthetic()
            && matches!(
                c.entry.kind,
                PlaceKind::City | PlaceKind::Landmark | PlaceKind::Region
            )
    })
}
/// "Anderson County": a county named in full (never the bare "Anderson").
fn names_county(surface: &str, candidates: &[Candidate]) -> bool {
    surface.contains(' ') && candidates.iter().any(|c| c.entry.kind == PlaceKind::Admin2)
}

/// The mention without a leading "the" or a trailing possessive.
fn trim_mention(text: &str, span: Span) -> Span {
    let mut s = span;
    let surface = &text[s.start..s.end];
    for article in ["the ", "The "] {
        if surface.starts_with(article) && surface.len() > article.len() {
            s.start += article.len();
            break;
        }
    }
    let surface = &text[s.start..s.end];
    for possessive in ["'s", "\u{2019}s"] {
        if surface.ends_with(possessive) && surface.len() > possessive.len() {
            s.end -= possessive.len();
            break;
        }
    }
    // "a St. Louis-based company", "the San Jose-born player": the place
    // is the name before the hyphen.
    let surface = &text[s.start..s.end];
    for suffix in [
        "-based", "-born", "-area", "-bound", "-led", "-backed", "-made",
    ] {
        if surface.len() > suffix.len() && surface.to_lowercase().ends_with(suffix) {
            s.end -= suffix.len();
            break;
        }
    }
    s
}

/// The entries a surface may name, without demonyms; when the whole phrase is
/// unknown, retried without a trailing division word.
fn place_candidates(gaz: &Gazetteer, surface: &str) -> Vec<Candidate> {
    let places = |name: &str| -> Vec<Candidate> {
        gaz.lookup(name)
            .into_iter()
            .filter(|c| c.entry.kind != PlaceKind::Demonym && !bare_state_abbreviation(name, c))
            .collect()
    };
    let found = places(surface);
    if !found.is_empty() {
        return found;
    }
    let words: Vec<&str> = surface.split_whitespace().collect();
    match words.split_last() {
        Some((last, rest))
            if !rest.is_empty()
                && is_listed(DIVISION_WORDS, &last.to_lowercase())
                && !names_its_own_place(last) =>
        {
            places(&rest.join(" "))
        }
        _ => Vec::new(),
    }
}

/// "Harbor City", "Hampshire State": a capitalised "City", "Town",
/// "Village" or "State" that the gazetteer does not know with its name is
/// part of another place's or an institution's name, while "Baghdad city"
/// and "Washington state" are the city and the state. ("Babil Province" and
/// "Erbil Airport" are still Babil and Erbil.)
fn names_its_own_place(division_word: &str) -> bool {
    division_word.starts_with(char::is_uppercase)
        && is_listed("city town village state", &division_word.to_lowercase())
}

/// A US state's short other name written without its period and not in
/// capitals: "Miss." and "MS" are Mississippi, "Miss" is a title and "La"
/// an article ("La Liga").
fn bare_state_abbreviation(surface: &str, c: &Candidate) -> bool {
    !c.primary
        && c.entry.kind == PlaceKind::Admin1
        && c.entry.country == "US"
        && surface.len() <= 5
        && !surface.contains('.')
        && !surface.chars().all(|ch| ch.is_ascii_uppercase())
}

/// The demonyms among the mentions that name a country, with that country
/// ("Iraqi forces"; "European" names none), in text order.
fn demonym_mentions(
    gaz: &Gazetteer,
    text: &str,
    mentions: &[EntityMention],
) -> Vec<(Span, &'static str)> {
    let mut found: Vec<(Span, &'static str)> = mentions
        .iter()
        .filter_map(|m| {
            let cc = gaz.demonym_country(&text[m.span.start..m.span.end])?;
            (!cc.is_empty()).then_some((m.span, cc))
        })
        .collect();
    found.sort_unstable_by_key(|(span, _)| span.end);
    found
}

/// One vote per distinct demonym for its country.
fn demonym_votes(text: &str, demonyms: &[(Span, &'static str)]) -> HashMap<&'static str, f64> {
    let mut votes = HashMap::new();
    let mut seen = HashSet::new();
    for (span, cc) in demonyms {
        if seen.insert(&text[span.start..span.end]) {
            *votes.entry(*cc).or_insert(0.0) += 1.0;
        }
    }
    votes
}

/// How far before a name (bytes) a demonym still qualifies it: "the Syrian
/// port of", "Palestinian fighters in".
const DEMONYM_REACH: usize = 30;

/// Notes for each toponym the country of the last demonym shortly before it
/// in its sentence: "Palestinian fighters in Gaza" is the Gaza of Palestine
/// whatever else the article names (a Cypriot story had sent it to
/// Mozambique's Gaza province).
fn mark_demonyms_before(text: &str, demonyms: &[(Span, &'static str)], toponyms: &mut [Toponym]) {
    // `demonyms` is sorted by end: one binary search per toponym keeps this
    // linear on a book-length text.
    for t in toponyms.iter_mut() {
        let upto = demonyms.partition_point(|(span, _)| span.end <= t.span.start);
        t.demonym_before = upto
            .checked_sub(1)
            .map(|i| demonyms[i])
            .filter(|(span, _)| span.end + DEMONYM_REACH >= t.span.start)
            .filter(|(span, _)| !text[span.end..t.span.start].contains(['.', ';', '!', '?', '\n']))
            .map(|(_, cc)| cc);
    }
}

/// Lists of places ("Virginia, Washington, West Virginia and Wyoming",
/// "Armenia, Georgia, Iraq and Syria"): for each toponym, the indices of the
/// other members of its list (toponyms joined by commas, "and", "or", not
/// by containment).
fn list_members(text: &str, toponyms: &[Toponym]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..toponyms.len() {
        let joined = i > 0 && toponyms[i - 1].container != Some(i) && {
            let gap = &text[toponyms[i - 1].span.end..toponyms[i].span.start];
            matches!(gap, ", " | " and " | ", and " | " or " | ", or " | " & ")
        };
        match groups.last_mut() {
            Some(g) if joined => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    let mut out = vec![Vec::new(); toponyms.len()];
    for g in groups.iter().filter(|g| g.len() > 1) {
        for &i in g {
            out[i] = g.iter().copied().filter(|&j| j != i).collect();
        }
    }
    out
}

/// The share of the other members of a list that may be the same kind of
/// place as `e` (a country, or a division of the same country).
fn list_kind_share(toponyms: &[Toponym], members: &[usize], e: &Entry) -> f64 {
    if members.is_empty() || !matches!(e.kind, PlaceKind::Country | PlaceKind::Admin1) {
        return 0.0;
    }
    let alike = members
        .iter()
        .filter(|&&j| {
            toponyms[j].candidates.iter().any(|c| {
                c.entry.kind == e.kind
                    && (e.kind == PlaceKind::Country || c.entry.country == e.country)
            })
        })
        .count();
    alike as f64 / members.len() as f64
}

/// 1 when the words around a toponym say it is the kind of place `e` is:
/// "Washington state", "the state of Washington" (a first-level division),
/// "the city of Sao Paulo" (a city).
fn kind_word(text: &str, span: Span, e: &Entry) -> f64 {
    let before = text[..span.start].trim_end();
    let after = text[span.end..].trim_start();
    let word_after = after
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let said = |kind: &str| {
        before.ends_with(&format!("{kind} of"))
            || (after.len() < text.len() - span.end && word_after == kind)
    };
    let fits = match e.kind {
        PlaceKind::Admin1 => said("state") || said("province"),
        PlaceKind::City => said("city") || said("town"),
        // English names seas, rivers, deserts and regions with "the" and
        // towns and divisions without it: "the Red Sea" is the sea, not
        // Egypt's Red Sea governorate; "the Pacific" is not Pacific, Missouri.
        PlaceKind::Region | PlaceKind::Landmark => ends_with_word(before, "the"),
        _ => false,
    };
    if fits {
        1.0
    } else {
        0.0
    }
}

/// Whether `text` ends with `word` as a whole word, in any case.
fn ends_with_word(text: &str, word: &str) -> bool {
    let Some(start) = text.len().checked_sub(word.len()) else {
        return false;
    };
    text.is_char_boundary(start)
        && text[start..].eq_ignore_ascii_case(word)
        && !text[..start].ends_with(|c: char| c.is_alphanumeric())
}

/// Links "A, B" (or "A in B") where B's candidates can contain A's, unless
/// A and B begin a longer list of divisions or countries ("Georgia,
/// Oklahoma, Pennsylvania and California" has no Oklahoma in Pennsylvania).
fn link_containment(text: &str, toponyms: &mut [Toponym]) {
    let listed = |a: usize, b: usize| {
        let gap = &text[toponyms[a].span.end..toponyms[b].span.start];
        matches!(gap, ", " | " and " | ", and " | " or " | ", or " | " & ")
    };
    let division_or_country = |t: &Toponym| {
        t.candidates
            .iter()
            .any(|c| matches!(c.entry.kind, PlaceKind::Admin1 | PlaceKind::Country))
    };
    let mut links = Vec::new();
    for i in 0..toponyms.len().saturating_sub(1) {
        let gap = &text[toponyms[i].span.end..toponyms[i + 1].span.start];
        let joined = matches!(gap.trim(), "," | "in" | "of" | "near");
        // The list goes on after B: "Texas and Washington, D.C." is still
        // the capital.
        let in_longer_list = gap == ", "
            && division_or_country(&toponyms[i])
            && i + 2 < toponyms.len()
            && listed(i + 1, i + 2)
            && division_or_country(&toponyms[i + 2]);
        if joined
            && !in_longer_list
            && gap.len() <= 5
            && any_contains(&toponyms[i + 1], &toponyms[i])
        {
            links.push(i);
        }
    }
    for i in links {
        toponyms[i].container = Some(i + 1);
        toponyms[i + 1].contained = Some(i);
    }
}

fn contains(outer: &Entry, inner: &Entry) -> bool {
    match outer.kind {
        PlaceKind::Country => inner.kind != PlaceKind::Country && outer.country == inner.country,
        PlaceKind::Admin1 => inner.parent == Some(outer.index),
        _ => false,
    }
}

fn any_contains(outer: &Toponym, inner: &Toponym) -> bool {
    outer.candidates.iter().any(|o| {
        inner
            .candidates
            .iter()
            .any(|i| contains(&o.entry, &i.entry))
    })
}

/// Weights of the scoring terms, tuned on LGL and GeoVirus.
struct Weights {
    population: f64,
    primary_name: f64,
    country_context: f64,
    division_context: f64,
    containment: f64,
    /// Proximity of a city, county or landmark to what the article's other
    /// names may mean.
    proximity: f64,
    /// Distance (km) at which proximity stops counting.
    proximity_km: f64,
    /// A division containing what the article's other names may mean.
    division_support: f64,
    /// A country or division in a list of places of that kind.
    list_kind: f64,
    /// "Washington state", "the city of Sao Paulo".
    kind_word: f64,
    /// A demonym of the candidate's country just before the name.
    demonym_before: f64,
}

// Each term was swept on LGL and GeoVirus with the others fixed; the
// accuracy is flat around these values (±0.5 point), so they are round.

const WEIGHTS: Weights = Weights {
    population: 0.8,
    primary_name: 1.5,
    country_context: 4.0,
    division_context: 1.5,
    containment: 6.0,
    proximity: 9.0,
    proximity_km: 150.0,
    division_support: 2.0,
    list_kind: 4.0,
    kind_word: 2.0,
    demonym_before: 2.0,
};

const ROUNDS: usize = 3;

/// How many of a name's likeliest candidates count as what it may mean.
const SPREAD: usize = 8;

/// What a kind of place is worth before any evidence: countries and the
/// curated landmarks and regions are what a bare name usually means; counties
/// carry no population here, so they get that of a small town.
fn kind_prior(e: &Entry) -> f64 {
    match e.kind {
        PlaceKind::Country => 3.0,
        PlaceKind::Admin1 => 0.5,
        PlaceKind::Admin2 => 3.5,
        PlaceKind::City => {
            if e.capital {
                1.5
            } else {
                0.0
            }
        }
        PlaceKind::Landmark | PlaceKind::Region => 6.0,
        PlaceKind::Demonym => f64::NEG_INFINITY,
    }
}

fn prior(c: &Candidate) -> f64 {
    let pop = WEIGHTS.population * (f64::from(c.entry.population) + 1.0).log10();
    let name = if c.primary { WEIGHTS.primary_name } else { 0.0 };
    kind_prior(&c.entry) + pop + name
}

fn demonym_before(t: &Toponym, e: &Entry) -> f64 {
    if t.demonym_before == Some(e.country) {
        WEIGHTS.demonym_before
    } else {
        0.0
    }
}

/// The evidence the article gives, from one round's choices.
struct Context {
    /// Votes for each country: one per distinct place name, one per demonym.
    votes: HashMap<&'static str, f64>,
    total: f64,
    /// Chosen entries, one per distinct name: (key, entry).
    chosen: Vec<(String, Entry)>,
    /// Per distinct name, its likeliest candidates with their share of the
    /// name's probability in this round: what the name may mean, for
    /// proximity, so that two ambiguous names can agree on a region.
    spread: Vec<(String, Vec<(Entry, f64)>)>,
}

impl Context {
    fn new(
        toponyms: &[Toponym],
        picks: &[usize],
        scores: &[Vec<f64>],
        demonyms: &HashMap<&'static str, f64>,
    ) -> Context {
        let mut chosen: Vec<(String, Entry)> = Vec::new();
        let mut spread: Vec<(String, Vec<(Entry, f64)>)> = Vec::new();
        for ((t, &p), s) in toponyms.iter().zip(picks).zip(scores) {
            if chosen.iter().any(|(k, _)| *k == t.key) {
                continue;
            }
            chosen.push((t.key.clone(), t.candidates[p].entry));
            let probs: Vec<(Entry, f64)> = if t.forced.is_some() {
                vec![(t.candidates[p].entry, 1.0)]
            } else {
                let max = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let w: Vec<f64> = s.iter().map(|v| (v - max).exp()).collect();
                let sum: f64 = w.iter().sum();
                let mut probs: Vec<(Entry, f64)> = t
                    .candidates
                    .iter()
                    .zip(&w)
                    .map(|(c, w)| (c.entry, w / sum))
                    .collect();
                probs.sort_by(|a, b| b.1.total_cmp(&a.1));
                probs.truncate(SPREAD);
                probs
            };
            spread.push((t.key.clone(), probs));
        }
        let mut votes: HashMap<&'static str, f64> = demonyms.clone();
        for (_, e) in &chosen {
            if !e.country.is_empty() {
                *votes.entry(e.country).or_insert(0.0) += 1.0;
            }
        }
        let total = votes.values().sum();
        Context {
            votes,
            total,
            chosen,
            spread,
        }
    }

    /// The share of the article's votes for `e`'s country, leaving out the
    /// vote of this name's own current choice: a place does not vouch for itself.
    fn country_share(&self, key: &str, e: &Entry) -> f64 {
        let own = self.own_country(key);
        let total = self.others_total(own);
        if e.country.is_empty() {
            // A sea or a continent lies in no one country: it fits the
            // article's context as well as its likeliest country does, or
            // "the Pacific" in a story about Alaska would lose to Pacific,
            // Missouri on the votes for the United States alone.
            return if e.kind == PlaceKind::Region {
                self.others_votes(own).map(|(_, v)| v).fold(0.0, f64::max) / total
            } else {
                0.0
            };
        }
        let votes = self
            .others_votes(own)
            .find(|(cc, _)| *cc == e.country)
            .map_or(0.0, |(_, v)| v);
        votes / total
    }

    /// This name's current choice's country, if it has one.
    fn own_country(&self, key: &str) -> Option<&'static str> {
        self.chosen
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, c)| c.country)
            .filter(|cc| !cc.is_empty())
    }

    /// Each country's votes without the vote of `own`, this name's choice.
    fn others_votes(
        &self,
        own: Option<&'static str>,
    ) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        self.votes
            .iter()
            .map(move |(&cc, &v)| (cc, if Some(cc) == own { v - 1.0 } else { v }))
    }

    /// All votes without `own`'s; never zero, so shares divide by it.
    fn others_total(&self, own: Option<&'static str>) -> f64 {
        let own = if own.is_some() { 1.0 } else { 0.0 };
        (self.total - own).max(f64::MIN_POSITIVE)
    }

    fn others<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.chosen
            .iter()
            .filter(move |(k, _)| k != key)
            .map(|(_, e)| e)
    }
}

fn closeness(km: f64, range: f64) -> f64 {
    (1.0 - (1.0 + km).ln() / (1.0 + range).ln()).max(0.0)
}

fn evidence(ctx: &Context, key: &str, e: &Entry) -> f64 {
    let mut score = WEIGHTS.country_context * ctx.country_share(key, e);
    let division_named = ctx
        .others(key)
        .any(|o| contains(o, e) && o.kind == PlaceKind::Admin1);
    let contains_named = ctx
        .others(key)
        .any(|o| contains(e, o) && e.kind == PlaceKind::Admin1);
    if division_named || contains_named {
        score += WEIGHTS.division_context;
    }
    let weight = match e.kind {
        PlaceKind::City | PlaceKind::Admin2 | PlaceKind::Landmark => WEIGHTS.proximity,
        PlaceKind::Admin1 => WEIGHTS.division_support,
        _ => return score,
    };
    // Each other name supports `e` by its likeliest fitting meaning, weighed
    // by how likely that meaning is; supports combine as a noisy-or, so two
    // ambiguous names (Richmond, Madison County) can agree on one region.
    let mut against = 1.0;
    for (other, probs) in &ctx.spread {
        if other == key {
            continue;
        }
        let best = probs
            .iter()
            .filter(|(o, _)| o.id != e.id)
            .map(|(o, p)| coherence(e, o) * p)
            .fold(0.0, f64::max);
        against *= 1.0 - best;
    }
    score + weight * (1.0 - against)
}

/// How well two candidate places of one article fit together, 0 to 1: a
/// division and a place inside it fully; two points by their distance.
fn coherence(e: &Entry, o: &Entry) -> f64 {
    if e.kind == PlaceKind::Admin1 {
        return if contains(e, o) { 1.0 } else { 0.0 };
    }
    // A degree of latitude is 111 km: most pairs are too far apart to need
    // the great-circle distance.
    let reach = WEIGHTS.proximity_km / point_vagueness(o);
    if (e.lat - o.lat).abs() * 111.0 > reach {
        return 0.0;
    }
    closeness(distance_km(e, o) * point_vagueness(o), WEIGHTS.proximity_km)
}

/// How much to stretch distances to a place: a country's or a state's
/// point says less about where nearby places are than a town's does.
fn point_vagueness(e: &Entry) -> f64 {
    match e.kind {
        PlaceKind::City | PlaceKind::Admin2 | PlaceKind::Landmark => 1.0,
        _ => 3.0,
    }
}

/// Containment bonus for candidate `c` of toponym `i`, given the neighbours'
/// candidates: "Paris, Texas" lifts both Paris in Texas and the state.
fn containment(toponyms: &[Toponym], i: usize, c: &Entry) -> f64 {
    let t = &toponyms[i];
    let inside = t
        .container
        .is_some_and(|j| toponyms[j].candidates.iter().any(|o| contains(&o.entry, c)));
    let around = t
        .contained
        .is_some_and(|j| toponyms[j].candidates.iter().any(|o| contains(c, &o.entry)));
    if inside || around {
        WEIGHTS.containment
    } else {
        0.0
    }
}

/// Picks a candidate for every toponym, with a confidence.
fn choose(
    gaz: &Gazetteer,
    text: &str,
    toponyms: &[Toponym],
    demonyms: &HashMap<&'static str, f64>,
) -> Vec<(usize, f32)> {
    let _ = gaz;
    let lists = list_members(text, toponyms);
    let base: Vec<Vec<f64>> = toponyms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            t.candidates
                .iter()
                .map(|c| {
                    prior(c)
                        + containment(toponyms, i, &c.entry)
                        + WEIGHTS.list_kind * list_kind_share(toponyms, &lists[i], &c.entry)
                        + WEIGHTS.kind_word * kind_word(text, t.span, &c.entry)
                        + demonym_before(t, &c.entry)
                })
                .collect()
        })
        .collect();
    let mut picks: Vec<usize> = toponyms
        .iter()
        .zip(&base)
        .map(|(t, scores)| t.forced.unwrap_or_else(|| argmax(scores)))
        .collect();
    let mut scores = base.clone();
    for _ in 0..ROUNDS {
        let ctx = Context::new(toponyms, &picks, &scores, demonyms);
        // Mentions of one name with the same candidates get the same
        // evidence: computed once per name.
        let mut done: HashMap<(&str, usize, EntryId), Vec<f64>> = HashMap::new();
        for (i, t) in toponyms.iter().enumerate() {
            let Some(first) = t.candidates.first() else {
                continue;
            };
            let id = (t.key.as_str(), t.candidates.len(), first.entry.id);
            let found = done.entry(id).or_insert_with(|| {
                t.candidates
                    .iter()
                    .map(|c| evidence(&ctx, &t.key, &c.entry))
                    .collect()
            });
            scores[i] = base[i]
                .iter()
                .zip(found.iter())
                .map(|(b, e)| b + e)
                .collect();
        }
        let next: Vec<usize> = toponyms
            .iter()
            .zip(&scores)
            .map(|(t, s)| t.forced.unwrap_or_else(|| argmax(s)))
            .collect();
        if next == picks {
            break;
        }
        picks = next;
    }
    unify_by_name(toponyms, &mut picks, &scores);
    let ctx = Context::new(toponyms, &picks, &scores, demonyms);
    // One name is one place: a stray at one mention is a stray at all.
    let strays: HashSet<&str> = (0..toponyms.len())
        .filter(|&i| toponyms[i].forced.is_none() && is_stray(&ctx, text, toponyms, &picks, i))
        .map(|i| toponyms[i].key.as_str())
        .collect();
    picks
        .iter()
        .zip(toponyms)
        .zip(&scores)
        .map(|((&p, t), s)| {
            let confidence = if t.forced.is_some() {
                1.0
            } else if strays.contains(t.key.as_str()) {
                softmax_at(s, p) * STRAY_DISCOUNT
            } else {
                softmax_at(s, p)
            };
            (p, confidence)
        })
        .collect()
}

/// A stray's confidence is scaled by this, which puts it below
/// `DOUBTFUL_BELOW`: held for the user to confirm, not drawn.
const STRAY_DISCOUNT: f32 = 0.3;

/// Towns below this population are strays when the article says they are
/// elsewhere; larger places are named abroad often enough to stand.
const STRAY_POPULATION: u32 = 100_000;

/// Whether toponym `i`'s pick is a town the article places elsewhere: the
/// right place is missing from the gazetteer and a namesake stood in.
/// "Stroud, Ontario" is not the Stroud of England; in a story set in
/// Sumatra, "the district of Karo" is not a village in India. On the
/// development sets, 37 of the 43 mentions so held were wrong or were not
/// places at all ("Walk", "Court", "Cobra").
fn is_stray(ctx: &Context, text: &str, toponyms: &[Toponym], picks: &[usize], i: usize) -> bool {
    let t = &toponyms[i];
    let e = &t.candidates[picks[i]].entry;
    if !matches!(e.kind, PlaceKind::City | PlaceKind::Admin2)
        || e.capital
        || e.population >= STRAY_POPULATION
    {
        return false;
    }
    written_outside(text, toponyms, picks, i) || foreign_to_article(ctx, &t.key, e)
}

/// "X, Y" where Y is a country or division that the pick for X is not in,
/// and none of X's candidates is.
fn written_outside(text: &str, toponyms: &[Toponym], picks: &[usize], i: usize) -> bool {
    let t = &toponyms[i];
    let Some(next) = toponyms.get(i + 1) else {
        return false;
    };
    if &text[t.span.end..next.span.start] != ", " || any_contains(next, t) {
        return false;
    }
    let e = &t.candidates[picks[i]].entry;
    let y = &next.candidates[picks[i + 1]].entry;
    match y.kind {
        PlaceKind::Country => y.country != e.country,
        // British counties have no parent division: the country decides.
        PlaceKind::Admin1 => y.country != e.country || e.parent.is_some_and(|p| p != y.index),
        _ => false,
    }
}

/// The pick's country gets no vote from the article's other names, while
/// one country has most of them (two votes at least).
fn foreign_to_article(ctx: &Context, key: &str, e: &Entry) -> bool {
    let own = ctx.own_country(key);
    let total = ctx.others_total(own);
    let mut mine = 0.0;
    let mut top = 0.0_f64;
    for (cc, v) in ctx.others_votes(own) {
        if cc == e.country {
            mine = v;
        }
        top = top.max(v);
    }
    total >= 2.0 && mine <= 0.0 && top / total >= 0.5
}

/// One name means one place in one article: every mention of a name takes
/// the entry with the best total score over its mentions (a user's choice
/// for the name wins).
fn unify_by_name(toponyms: &[Toponym], picks: &mut [usize], scores: &[Vec<f64>]) {
    let mut totals: HashMap<&str, HashMap<EntryId, f64>> = HashMap::new();
    let mut forced: HashMap<&str, EntryId> = HashMap::new();
    for (t, s) in toponyms.iter().zip(scores) {
        if let Some(f) = t.forced {
            forced.insert(&t.key, t.candidates[f].entry.id);
        }
        let per_entry = totals.entry(&t.key).or_default();
        for (c, v) in t.candidates.iter().zip(s) {
            *per_entry.entry(c.entry.id).or_insert(0.0) += v;
        }
    }
    for (t, p) in toponyms.iter().zip(picks.iter_mut()) {
        let best = forced.get(t.key.as_str()).copied().or_else(|| {
            totals[t.key.as_str()]
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(id, _)| *id)
        });
        if let Some(i) = best.and_then(|id| t.candidates.iter().position(|c| c.entry.id == id)) {
            *p = i;
        }
    }
}

fn argmax(scores: &[f64]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

fn softmax_at(scores: &[f64], i: usize) -> f32 {
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = scores.iter().map(|s| (s - max).exp()).sum();
    ((scores[i] - max).exp() / sum) as f32
}

/// Great-circle distance in kilometres.
pub(crate) fn distance_km(a: &Entry, b: &Entry) -> f64 {
    haversine_km(a.lat, a.lon, b.lat, b.lon)
}

pub(crate) fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}
