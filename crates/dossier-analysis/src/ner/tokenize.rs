//! A news tokenizer close to the CoNLL-2003 tokenisation: words, numbers and
//! abbreviations stay whole ("U.S.", "Al-Sudani", "3.5"), other punctuation
//! becomes its own token, and a possessive "'s" is split off.

use dossier_core::Span;

/// Abbreviations that keep their final period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep", "gov",
    "st", "jr", "sr", "co", "corp", "inc", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "rev", "adm", "pres",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text` into tokens with their byte spans.
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let end_of = |k: usize| if k < n { chars[k].0 } else { text.len() };
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !is_word_char(c) {
            out.push(Span::new(chars[i].0, end_of(i + 1)));
            i += 1;
            continue;
        }
        // A word: alphanumerics joined by single inner '-', '.', '\'', '&', ',' (digits only), '/'.
        let start = i;
        let mut j = i + 1;
        while j < n {
            let d = chars[j].1;
            if is_word_char(d) {
                j += 1;
                continue;
            }
            let next_word = j + 1 < n && is_word_char(chars[j + 1].1);
            let joins = match d {
                '-' | '.' | '&' | '/' => next_word,
                '\'' | '\u{2019}' => next_word,
                ',' => {
                    next_word && chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()
                }
                _ => false,
            };
            if joins {
                j += 1;
            } else {
                break;
            }
        }
        // A final period belongs to abbreviations ("U.S.", "Mr.", "J.").
        if j < n && chars[j].1 == '.' {
            let word: String = chars[start..j].iter().map(|x| x.1).collect();
            let lower = word.to_lowercase();
            let single_cap = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
            if word.contains('.') || single_cap || ABBREVIATIONS.contains(&lower.as_str()) {
                j += 1;
            }
        }
        // Split a possessive "'s" off.
        let s = chars[start].0;
        let e = end_of(j);
        let piece = &text[s..e];
        if piece.len() > 2 && (piece.ends_with("'s") || piece.ends_with("\u{2019}s")) {
            let cut = if piece.ends_with("'s") { e - 2 } else { e - 4 };
            out.push(Span::new(s, cut));
            out.push(Span::new(cut, e));
        } else {
            out.push(Span::new(s, e));
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        tokenize(t)
            .into_iter()
            .map(|s| &t[s.start..s.end])
            .collect()
    }

    #[test]
    fn news_tokens() {
        assert_eq!(
            toks("Mohammed Shia Al-Sudani met U.S. officials in Baghdad."),
            [
                "Mohammed",
                "Shia",
                "Al-Sudani",
                "met",
                "U.S.",
                "officials",
                "in",
                "Baghdad",
                "."
            ]
        );
        assert_eq!(
            toks("Iraq's 1,200 men (PMF), Mr. Smith"),
            ["Iraq", "'s", "1,200", "men", "(", "PMF", ")", ",", "Mr.", "Smith"]
        );
        assert_eq!(toks("“Ain al-Asad”"), ["“", "Ain", "al-Asad", "”"]);
        assert!(toks("").is_empty());
    }
}
