//! Anaphoric expressions resolved against an earlier expression of the same
//! sentence rather than the publication date: in "profit rose in the third
//! quarter from a year earlier", "a year earlier" is the third quarter of
//! the year before, not just the year before.

use super::{Timex, TimexType};

/// Rewrites the value of year-back anaphors ("a year earlier", "a year ago",
/// "year-earlier", "the year-ago quarter") that closely follow a quarter.
pub fn resolve(text: &str, timexes: &mut [Timex]) {
    for i in 1..timexes.len() {
        let words = match text.get(timexes[i].span.start..timexes[i].span.end) {
            Some(w) => w.to_ascii_lowercase(),
            None => continue,
        };
        if !is_year_back(&words) {
            continue;
        }
        let Some(antecedent) = quarter_antecedent(&timexes[..i], timexes[i].span.start) else {
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

/// The value of the nearest preceding quarter expression, if it is close
/// (earnings reports name the quarter once, then compare it a sentence or
/// two later).
fn quarter_antecedent(before: &[Timex], at: usize) -> Option<String> {
    const REACH: usize = 400;
    let prev = before.iter().rev().find(|t| t.value.contains("-Q"))?;
    (at.saturating_sub(prev.span.end) <= REACH).then(|| prev.value.clone())
}

/// "1989-Q3" → "1988-Q3".
fn year_before_quarter(value: &str) -> Option<String> {
    let (year, q) = value.split_once("-Q")?;
    let year: i32 = year.parse().ok()?;
    Some(format!("{:04}-Q{q}", year - 1))
}
