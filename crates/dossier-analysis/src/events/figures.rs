//! Figures: numbers with what they count ("eight members killed", "the
//! injury of 18 others", "more than 60 attacks"), found by looking a few
//! words either side of each number for a casualty cue or an attack noun.

use dossier_core::Span;

use super::lexicon::{self, figure_cue, is_count_filler, number_value, qualifier_before};
use super::{Figure, FigureKind};

/// A figure and the token of the number, to attach it to the nearest trigger.
#[derive(Debug, Clone, Copy)]
pub struct FoundFigure {
    pub figure: Figure,
    pub number_token: usize,
    /// For an attack count, the token of the attack noun it counts.
    pub counted_token: Option<usize>,
}

/// How far from a number its cue may be: "left three American servicemen
/// wounded" puts two words between, "14 of its fighters were killed" four.
const CUE_AFTER: usize = 5;
const CUE_BEFORE: usize = 3;

/// Finds the figures of one sentence. `words` are the lower-cased tokens,
/// `spans` their byte spans, `in_timex[i]` whether token `i` is part of a
/// temporal expression (so that "2014" or "24 hours" are not counts).
pub fn find(words: &[&str], spans: &[Span], in_timex: &[bool]) -> Vec<FoundFigure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some((value, last)) = number_at(words, i).filter(|_| !in_timex[i]) else {
            i += 1;
            continue;
        };
        let found = cue_after(words, last).or_else(|| cue_before(words, i));
        // "one of the attacks" picks one out; "one of its members was
        // killed" does count a death.
        let picks_one_out = words[i] == "one"
            && words.get(i + 1) == Some(&"of")
            && found.is_some_and(|(kind, _)| kind == FigureKind::Attacks);
        if let Some((kind, counted)) = found.filter(|_| !picks_one_out) {
            let (approx, start) = match qualifier_before(&words[..i]) {
                Some((q, n)) => (Some(q), i - n),
                None => (None, i),
            };
            out.push(FoundFigure {
                figure: Figure {
                    kind,
                    value,
                    approx,
                    span: Span::new(spans[start].start, spans[last].end),
                },
                number_token: i,
                counted_token: counted,
            });
        }
        i = last + 1;
    }
    out
}

/// A number starting at token `i`, and its last token: "18", "2,500",
/// "eight", "twenty-five", "two dozen", "a dozen".
fn number_at(words: &[&str], i: usize) -> Option<(u32, usize)> {
    let word = words[i];
    if word == "a" && words.get(i + 1) == Some(&"dozen") {
        return Some((12, i + 1));
    }
    let value = number_value(word)?;
    if word == "one" && words.get(i + 1) == Some(&"-") {
        return None;
    }
    match words.get(i + 1) {
        Some(&"dozen") => Some((value * 12, i + 1)),
        Some(&"hundred") => Some((value * 100, i + 1)),
        Some(&"thousand") => Some((value * 1000, i + 1)),
        _ => Some((value, i)),
    }
}

/// Punctuation and conjunctions end the phrase a number belongs to.
fn ends_phrase(word: &str) -> bool {
    matches!(
        word,
        "," | ";" | "." | ":" | "and" | "or" | "but" | "(" | ")" | "“" | "”" | "\""
    )
}

/// "eight injuries", "one member killed", "60 attacks", "three separate sets of strikes".
fn cue_after(words: &[&str], last: usize) -> Option<(FigureKind, Option<usize>)> {
    let mut fillers_only = true;
    for (j, word) in words.iter().enumerate().skip(last + 1).take(CUE_AFTER) {
        if ends_phrase(word) || number_value(word).is_some() {
            return None;
        }
        if let Some(kind) = figure_cue(word) {
            return Some((kind, None));
        }
        let counts_attacks = lexicon::trigger(word)
            .is_some_and(|(kind, _)| kind.family() == super::EventFamily::Violence)
            && word.ends_with('s');
        if counts_attacks && fillers_only {
            return Some((FigureKind::Attacks, Some(j)));
        }
        fillers_only &= is_count_filler(word);
    }
    None
}

/// "killed eight", "the death of eight", "the injury of 18 others".
fn cue_before(words: &[&str], first: usize) -> Option<(FigureKind, Option<usize>)> {
    for j in (first.saturating_sub(CUE_BEFORE)..first).rev() {
        let word = words[j];
        if ends_phrase(word) {
            return None;
        }
        if let Some(kind) = figure_cue(word) {
            return Some((kind, None));
        }
    }
    None
}
