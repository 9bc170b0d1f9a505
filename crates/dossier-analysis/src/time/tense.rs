//! Which way a sentence looks: a cheap stand-in for the tense of the verb
//! that governs a temporal expression, used to resolve underspecified
//! expressions ("Tuesday", "in April") to the past or the coming one.
//!
//! The nearest cue word before the expression in its sentence decides
//! ("would appeal the decision, announced Wednesday": "announced", past);
//! when there is none, the nearest cue after it ("On Tuesday, the two
//! countries agreed").

/// The direction a sentence points to from the time of writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
    Unknown,
}

/// How far (in bytes) to look for a cue on either side.
const BEFORE: usize = 100;
const AFTER: usize = 60;

/// The tense around `text[start..end]`.
pub fn around(text: &str, start: usize, end: usize) -> Tense {
    let before = sentence_before(text, start);
    let lower = before.to_ascii_lowercase();
    // Multi-word cues first, when they end the stretch before the expression
    // or close to it.
    for phrase in FUTURE_PHRASES {
        if let Some(at) = lower.rfind(phrase) {
            // Only when no past cue stands between the phrase and the
            // expression.
            let rest = &lower[at + phrase.len()..];
            if words(rest).all(|w| cue(w) != Tense::Past) {
                return Tense::Future;
            }
        }
    }
    if let Some(t) = words(&lower).rev().map(cue).find(|&t| t != Tense::Unknown) {
        return t;
    }
    let after = sentence_after(text, end).to_ascii_lowercase();
    let found = words(&after).map(cue).find(|&t| t != Tense::Unknown);
    found.unwrap_or(Tense::Unknown)
}

/// Lower-case words (letters and apostrophes).
fn words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
        .filter(|w| !w.is_empty())
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn sentence_before(text: &str, start: usize) -> &str {
    let from = floor_boundary(text, start.saturating_sub(BEFORE));
    let before = text.get(from..start).unwrap_or("");
    before
        .rsplit(['.', '!', '?', '\n', ';', '"', '`'])
        .next()
        .unwrap_or(before)
}

fn sentence_after(text: &str, end: usize) -> &str {
    let to = floor_boundary(text, (end + AFTER).min(text.len()));
    let after = text.get(end..to).unwrap_or("");
    after
        .split(['.', '!', '?', '\n', ';', '"', '`'])
        .next()
        .unwrap_or(after)
}

const FUTURE_PHRASES: [&str; 13] = [
    "planned to",
    "plan to",
    "set for",
    "scheduled for",
    "as soon as",
    "as early as",
    "going to",
    "set to",
    " is to ",
    " are to ",
    " due to ",
    "plans to",
    "planning to",
];

/// Words that mark the future (modal verbs, plans, deadlines) and the past
/// (past-tense verbs, regular ones by their ending).
fn cue(word: &str) -> Tense {
    match word {
        "will" | "'ll" | "shall" | "wo" | "won't" | "would" | "could" | "might" | "expected"
        | "expects" | "expect" | "expecting" | "plan" | "plans" | "planning" | "scheduled"
        | "schedule" | "until" | "till" | "upcoming" | "intends" | "intend" | "hopes" | "hope"
        | "proposed" | "unless" => Tense::Future,
        "said" | "told" | "was" | "were" | "had" | "did" | "ago" | "met" | "began" | "came"
        | "went" | "took" | "made" | "gave" | "left" | "held" | "rose" | "fell" | "saw" | "won"
        | "lost" | "sent" | "spent" | "led" | "struck" | "became" | "got" | "brought" | "sold"
        | "bought" | "paid" | "found" | "fled" | "ran" | "wrote" | "spoke" | "broke" | "chose"
        | "drove" | "flew" | "grew" | "knew" | "threw" | "thought" | "caught" | "sought"
        | "fought" | "kept" | "felt" | "meant" | "stood" | "shot" | "built" | "hit" | "put"
        | "quit" | "cut" | "set" | "let" | "slid" | "sank" | "swore" | "wore" | "tore" | "bore"
        | "ate" | "forgot" | "overtook" | "undertook" | "withdrew" | "earlier" | "since"
        | "already" | "ended" => Tense::Past,
        w if w.len() >= 5 && w.ends_with("ed") && !NOT_PAST.contains(&w) => Tense::Past,
        _ => Tense::Unknown,
    }
}

/// Words ending in "ed" that are not past-tense verbs.
const NOT_PAST: [&str; 14] = [
    "indeed",
    "hundred",
    "proceed",
    "exceed",
    "succeed",
    "speed",
    "breed",
    "embed",
    "unemployed",
    "need",
    "shed",
    "bleed",
    "greed",
    "united",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Tense {
        let at = s.find("Tuesday").unwrap();
        around(s, at, at + "Tuesday".len())
    }

    #[test]
    fn nearest_cue_decides() {
        assert_eq!(t("They will meet on Tuesday."), Tense::Future);
        assert_eq!(t("They met on Tuesday."), Tense::Past);
        assert_eq!(
            t("They said they would appeal the ruling, announced Tuesday"),
            Tense::Past
        );
        assert_eq!(t("The talks are set to resume Tuesday."), Tense::Future);
        assert_eq!(t("It is cold. Tuesday, they agreed."), Tense::Past);
        assert_eq!(t("Tuesday is a day."), Tense::Unknown);
        assert_eq!(t("He gave them until Tuesday to sign."), Tense::Future);
        assert_eq!(t("The United team plays Tuesday."), Tense::Unknown);
    }
}
