//! Sentence boundaries, as spans into the text.
//!
//! A rule-based splitter tuned for news: a sentence ends at `.`, `!` or `?`
//! (optionally followed by closing quotes or brackets) before whitespace and an
//! upper-case letter, a digit or an opening quote, unless the period ends a known
//! abbreviation ("Oct.", "U.S.", "Mr."). Blank lines always end a sentence.

use dossier_core::Span;

/// Abbreviations after which a period does not end a sentence when more text follows.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt",
    "cpl", "adm", "st", "jr", "sr", "rev", "hon", "pres", "no", "vs", "etc", "inc", "ltd", "co",
    "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "approx", "est", "dept",
    "univ", "fig", "al", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
];

/// Splits `text` into sentence spans, skipping whitespace between them.
pub fn split(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = skip_space(text, 0);
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        let boundary_end = if b == b'\n' && next_is_blank_line(bytes, i) {
            Some(i)
        } else if matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, start, i) {
            Some(after_closers(bytes, i + 1))
        } else {
            None
        };
        if let Some(end) = boundary_end {
            push_trimmed(text, start, end, &mut spans);
            start = skip_space(text, end);
            i = start;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, bytes.len(), &mut spans);
    spans
}

fn next_is_blank_line(bytes: &[u8], i: usize) -> bool {
    let mut j = i + 1;
    while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
        j += 1;
    }
    j < bytes.len() && bytes[j] == b'\n'
}

fn ends_sentence(text: &str, start: usize, i: usize) -> bool {
    let bytes = text.as_bytes();
    let after = after_closers(bytes, i + 1);
    if after >= bytes.len() {
        return true;
    }
    if !(bytes[after] as char).is_ascii_whitespace() {
        return false;
    }
    let next = skip_space(text, after);
    let Some(next_char) = text[next..].chars().next() else {
        return true;
    };
    let opens_sentence = next_char.is_uppercase()
        || next_char.is_ascii_digit()
        || matches!(
            next_char,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '–' | '-'
        );
    if !opens_sentence {
        return false;
    }
    if bytes[i] != b'.' {
        return true;
    }
    let word = last_word(&text[start..i]);
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    // Single capitals are initials ("George W. Bush"), not sentence ends.
    !(word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

fn last_word(s: &str) -> &str {
    let trimmed = s.trim_end();
    let start = trimmed
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\''))
        .map_or(0, |p| {
            p + trimmed[p..].chars().next().map_or(1, char::len_utf8)
        });
    &trimmed[start..]
}

fn after_closers(bytes: &[u8], mut j: usize) -> usize {
    while j < bytes.len() {
        match bytes[j] {
            b'"' | b'\'' | b')' | b']' => j += 1,
            // Closing curly quotes: ” (E2 80 9D) and ’ (E2 80 99).
            0xE2 if bytes.get(j + 1) == Some(&0x80)
                && matches!(bytes.get(j + 2), Some(0x9D) | Some(0x99)) =>
            {
                j += 3
            }
            _ => break,
        }
    }
    j
}

fn skip_space(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if !c.is_whitespace() {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let piece = &text[start..end];
    let trimmed_end = start + piece.trim_end().len();
    if trimmed_end > start {
        spans.push(Span::new(start, trimmed_end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn splits_news_sentences_but_not_abbreviations() {
        let text = "The attacks began on Oct. 17 in Iraq. The U.S. said it struck back. \"It was dangerous,\" he said.";
        assert_eq!(
            sentences(text),
            vec![
                "The attacks began on Oct. 17 in Iraq.",
                "The U.S. said it struck back.",
                "\"It was dangerous,\" he said."
            ]
        );
    }

    #[test]
    fn blank_lines_end_sentences_and_quotes_stay_inside() {
        let text = "Headline Without Period\n\nHe said “a clear hostile act.” Then left.";
        assert_eq!(
            sentences(text),
            vec![
                "Headline Without Period",
                "He said “a clear hostile act.”",
                "Then left."
            ]
        );
    }

    #[test]
    fn initials_do_not_split() {
        assert_eq!(
            sentences("George W. Bush spoke. Done."),
            vec!["George W. Bush spoke.", "Done."]
        );
    }
}
