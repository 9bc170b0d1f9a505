//! Anaphoric expressions resolved against an earlier expression of the same
//! sentence rather than the publication date: in "profit rose in the third
//! quarter from a year earlier", "a year earlier" is the third quarter of
//! the year before, not just the year before.

use super::{Timex, TimexType};

/// Rewrites the value of year-back anaphors ("a year earlier", "a year ago",
/// "year-earlier", "the year-ago quarter") that follow a quarter in the same
/// sentence.
pub fn resolve(text: &str, timexes: &mut [Timex]) {
    for i in 1..timexes.len() {
        let words = match text.get(timexes[i].span.start..timexes[i].span.end) {
            Some(w) => w.to_ascii_lowercase(),
            None => continue,
        };
        if !is_year_back(&words) {
            continue;
        }
        let Some(antecedent) = quarter_antecedent(text, &timexes[..i], timexes[i].span.start)
        else {
            continue;
        };
        if let Some(v) = year_before_quarter(&antecedent) {
            timexes[i].value = v;
            timexes[i].kind = TimexType::Date;
        }
    }
}

fn is_year_back(words: &str) -> bool {
    matches!(
        words,
        "a year earlier" | "a year ago" | "year-earlier" | "year-ago" | "a year before"
    ) || words.starts_with("the year-earlier")
        || words.starts_with("the year-ago")
}

/// The value of the nearest preceding quarter expression in the sentence.
fn quarter_antecedent(text: &str, before: &[Timex], at: usize) -> Option<String> {
    let prev = before.iter().rev().find(|t| t.value.contains("-Q"))?;
    let between = text.get(prev.span.end..at)?;
    if between.contains(['.', '!', '?', '\n']) && between.len() > 200 {
        return None;
    }
    // Only within the sentence: a full stop followed by a space ends it.
    if between.contains(". ") {
        return None;
    }
    Some(prev.value.clone())
}

/// "1989-Q3" → "1988-Q3".
fn year_before_quarter(value: &str) -> Option<String> {
    let (year, q) = value.split_once("-Q")?;
    let year: i32 = year.parse().ok()?;
    Some(format!("{:04}-Q{q}", year - 1))
}
