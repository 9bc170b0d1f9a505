//! Snippets with highlights, made from the article text (kept in SQLite, not in the
//! index) and the parsed query, whichever engine found the article.
//!
//! Matching follows the index analyser ([`super::analysis`]): words match by stem
//! ("strikes" highlights "strike"), accents and case are folded, phrases match as
//! consecutive tokens, prefixes match the start of the unstemmed word. Excluded
//! words are never highlighted. The window shown is the one holding the most
//! distinct query terms; it is cut at word boundaries and marked with "…" where
//! text was left out, and runs of white space are shown as one space.

use super::analysis::{self, TextToken};
use super::Query;

const ELLIPSIS: &str = "…";
/// Share of the window placed before the first match, so it is seen in context.
const LEAD_IN_SHARE: usize = 4;

/// A piece of an article to show in a result list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text` to highlight, in order, not overlapping.
    pub highlights: Vec<(usize, usize)>,
}

/// What one positive leaf of the query matches.
enum Matcher {
    /// Consecutive stems (one for a plain word).
    Stems(Vec<String>),
    /// Consecutive stems, then a token starting with the folded prefix.
    Prefix {
        leading: Vec<String>,
        prefix: String,
    },
}

/// One occurrence of a query term in the text.
#[derive(Debug, Clone, Copy)]
struct Hit {
    matcher: usize,
    from: usize,
    to: usize,
}

/// The best snippet of at most about `max_chars` characters (not counting "…").
pub fn snippet(text: &str, query: &Query, max_chars: usize) -> Snippet {
    let max_chars = max_chars.max(1);
    let tokens = analysis::tokens_with_offsets(text);
    let matchers = matchers(query);
    let hits = find_hits(&tokens, &matchers);
    let (focus_from, focus_to) = best_window(text, &hits, max_chars).unwrap_or((0, 0));
    let (start, end) = window_around(text, &tokens, focus_from, focus_to, max_chars);
    render(text, start, end, &hits)
}

fn matchers(query: &Query) -> Vec<Matcher> {
    query
        .positive_leaves()
        .into_iter()
        .filter_map(|leaf| match leaf {
            Query::Word(text) | Query::Phrase(text) => {
                let stems = analysis::stems(text);
                (!stems.is_empty()).then_some(Matcher::Stems(stems))
            }
            Query::Prefix(text) => {
                let mut stems = analysis::stems(text);
                let prefix = analysis::fold(text).pop()?;
                stems.pop();
                Some(Matcher::Prefix {
                    leading: stems,
                    prefix,
                })
            }
            _ => None,
        })
        .collect()
}

/// Every occurrence of every matcher, ordered by position.
fn find_hits(tokens: &[TextToken], matchers: &[Matcher]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (index, matcher) in matchers.iter().enumerate() {
        for start in 0..tokens.len() {
            if let Some(last) = match_at(tokens, start, matcher) {
                hits.push(Hit {
                    matcher: index,
                    from: tokens[start].from,
                    to: tokens[last].to,
                });
            }
        }
    }
    hits.sort_by_key(|h| (h.from, std::cmp::Reverse(h.to)));
    hits
}

/// The index of the last token of a match starting at `start`, if any.
fn match_at(tokens: &[TextToken], start: usize, matcher: &Matcher) -> Option<usize> {
    let stems_match = |stems: &[String]| {
        stems
            .iter()
            .enumerate()
            .all(|(i, s)| tokens.get(start + i).is_some_and(|t| &t.stem == s))
    };
    match matcher {
        Matcher::Stems(stems) => stems_match(stems).then(|| start + stems.len() - 1),
        Matcher::Prefix { leading, prefix } => {
            let last = start + leading.len();
            let fits = tokens
                .get(last)
                .is_some_and(|t| t.folded.starts_with(prefix.as_str()));
            (stems_match(leading) && fits).then_some(last)
        }
    }
}

/// Byte range from the first to the last hit of the window holding the most
/// distinct matchers (then the most hits); `None` when nothing matched.
fn best_window(text: &str, hits: &[Hit], max_chars: usize) -> Option<(usize, usize)> {
    let mut best: Option<((usize, usize), (usize, usize))> = None; // (distinct, count), range
    for first in 0..hits.len() {
        let limit = byte_after_chars(text, hits[first].from, max_chars);
        let inside: Vec<&Hit> = hits[first..].iter().take_while(|h| h.to <= limit).collect();
        let mut distinct: Vec<usize> = inside.iter().map(|h| h.matcher).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let rank = (distinct.len(), inside.len());
        let to = inside.iter().map(|h| h.to).max().unwrap_or(hits[first].to);
        // Ties keep the earlier window.
        if best.is_none_or(|(best_rank, _)| rank > best_rank) {
            best = Some((rank, (hits[first].from, to)));
        }
    }
    best.map(|(_, range)| range)
}

/// Byte index `chars` characters after `from` (or the end of the text).
fn byte_after_chars(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Byte index `chars` characters before `to` (or 0).
fn byte_before_chars(text: &str, to: usize, chars: usize) -> usize {
    if chars == 0 {
        return to;
    }
    text[..to]
        .char_indices()
        .rev()
        .nth(chars - 1)
        .map_or(0, |(i, _)| i)
}

/// A window of about `max_chars` characters showing `focus_from..focus_to`, with
/// some text before it if there is room, starting and ending on word boundaries.
fn window_around(
    text: &str,
    tokens: &[TextToken],
    focus_from: usize,
    focus_to: usize,
    max_chars: usize,
) -> (usize, usize) {
    let focus_chars = text[focus_from..focus_to].chars().count();
    let slack = max_chars.saturating_sub(focus_chars);
    let lead_in = (max_chars / LEAD_IN_SHARE).min(slack);
    let rough_start = byte_before_chars(text, focus_from, lead_in);
    // Start at the first word that begins inside the lead-in.
    let start = if rough_start == 0 {
        0
    } else {
        tokens
            .iter()
            .find(|t| t.from >= rough_start)
            .map_or(focus_from, |t| t.from.min(focus_from))
    };
    let limit = byte_after_chars(text, start, max_chars);
    if limit == text.len() {
        return (start, text.len());
    }
    // End after the last word that fits entirely.
    let end = tokens
        .iter()
        .take_while(|t| t.to <= limit)
        .last()
        .map_or(limit, |t| t.to)
        .max(start);
    if end == start {
        // One word longer than the window: cut it, on a character boundary.
        return (start, limit);
    }
    (start, end)
}

/// The window's text with "…" marks, whitespace runs collapsed, and the hits inside
/// it as highlights.
fn render(text: &str, start: usize, end: usize, hits: &[Hit]) -> Snippet {
    let mut out = String::new();
    if start > 0 {
        out.push_str(ELLIPSIS);
    }
    let slice = &text[start..end];
    let mut mapped = Vec::with_capacity(slice.len() + 1);
    let mut last_was_space = false;
    for (i, c) in slice.char_indices() {
        mapped.push((start + i, out.len()));
        if c.is_whitespace() {
            if !last_was_space {
                out.push(' ');
            }
            last_was_space = true;
        } else {
            out.push(c);
            last_was_space = false;
        }
    }
    mapped.push((end, out.len()));
    if end < text.len() {
        out.push_str(ELLIPSIS);
    }
    let position = |byte: usize| {
        mapped
            .binary_search_by_key(&byte, |&(src, _)| src)
            .ok()
            .map(|i| mapped[i].1)
    };
    let mut highlights: Vec<(usize, usize)> = Vec::new();
    for hit in hits.iter().filter(|h| h.from >= start && h.to <= end) {
        if let (Some(from), Some(to)) = (position(hit.from), position(hit.to)) {
            if highlights
                .last()
                .is_none_or(|&(_, prev_end)| from >= prev_end)
            {
                highlights.push((from, to));
            }
        }
    }
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighted(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect()
    }

    fn q(s: &str) -> Query {
        Query::parse(s).unwrap()
    }

    const TEXT: &str = "The United States carried out strikes on two facilities in Iraq. \
        Prime Minister Mohammed Shia al-Súdani condemned the attack. \
        Officials said Kataib Hezbollah had escalated its attacks on US forces, \
        and that the escalation followed a drone strike near Erbil.";

    #[test]
    fn short_text_is_whole_and_highlighted_by_stem() {
        let s = snippet("US strikes south of Baghdad", &q("strike"), 100);
        assert_eq!(s.text, "US strikes south of Baghdad");
        assert_eq!(highlighted(&s), vec!["strikes"]);
    }

    #[test]
    fn accents_fold() {
        let s = snippet(TEXT, &q("sudani"), 60);
        assert_eq!(highlighted(&s), vec!["Súdani"]);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
    }

    #[test]
    fn phrase_matches_as_phrase_only() {
        let s = snippet(TEXT, &q("\"drone strike\""), 300);
        assert_eq!(highlighted(&s), vec!["drone strike"]);
    }

    #[test]
    fn prefix_matches_word_starts() {
        let s = snippet(TEXT, &q("escal*"), 300);
        assert_eq!(highlighted(&s), vec!["escalated", "escalation"]);
    }

    #[test]
    fn negated_terms_are_not_highlighted() {
        let s = snippet(TEXT, &q("strikes -Iraq"), 300);
        assert_eq!(highlighted(&s), vec!["strikes", "strike"]);
    }

    #[test]
    fn window_prefers_most_distinct_terms() {
        let s = snippet(TEXT, &q("Kataib OR drone OR escalation OR United"), 90);
        let words = highlighted(&s);
        assert!(
            words.contains(&"Kataib") && words.contains(&"escalation"),
            "{words:?} in {}",
            s.text
        );
    }

    #[test]
    fn no_match_gives_the_opening() {
        let s = snippet(TEXT, &q("Soleimani"), 40);
        assert!(s.text.starts_with("The United States"), "{}", s.text);
        assert!(s.text.ends_with('…'));
        assert!(s.highlights.is_empty());
        assert!(s.text.chars().count() <= 41);
    }

    #[test]
    fn cuts_at_word_boundaries_and_collapses_space() {
        let s = snippet("alpha  beta\n\ngamma delta epsilon", &q("gamma"), 12);
        assert_eq!(s.text, "…gamma delta…");
        assert_eq!(highlighted(&s), vec!["gamma"]);
        let s = snippet("alpha  beta\n\ngamma delta epsilon", &q("beta"), 40);
        assert_eq!(s.text, "alpha beta gamma delta epsilon");
        assert_eq!(highlighted(&s), vec!["beta"]);
    }

    #[test]
    fn tiny_window_and_empty_text_do_not_panic() {
        let s = snippet("Súdani", &q("x"), 1);
        assert_eq!(s.text, "S…");
        assert_eq!(snippet("", &q("x"), 10), Snippet::default());
    }
}
