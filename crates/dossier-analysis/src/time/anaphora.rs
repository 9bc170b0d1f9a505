//! Anaphoric expressions resolved against an earlier expression of the same
//! sentence rather than the publication date: in "profit rose in the third
//! quarter from a year earlier", "a year earlier" is the third quarter of
//! the year before, not just the year before.

use super::{Timex, TimexType};

/// Rewrites the value of year-back anaphors ("a year earlier", "a year ago",
/// "year-earlier", "the year-ago quarter") that closely follow a quarter.
pub fn resolve(text: &str, timexes: &mut [Timex]) {
    // Anaphors are never antecedents: "a year ago" after "the year-ago
    // quarter" compares with the quarter named before both.
    let year_back: Vec<bool> = timexes
        .iter()
        .map(|t| {
            text.get(t.span.start..t.span.end)
                .is_some_and(|w| is_year_back(&w.to_ascii_lowercase()))
        })
        .collect();
    for i in 1..timexes.len() {
        if !year_back[i] {
            continue;
        }
        let antecedent = (0..i)
            .rev()
            .find(|&j| !year_back[j] && timexes[j].value.contains("-Q"))
            .filter(|&j| timexes[i].span.start.saturating_sub(timexes[j].span.end) <= REACH);
        let Some(j) = antecedent else { continue };
        if let Some(v) = year_before_quarter(&timexes[j].value) {
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

/// How far (in bytes) an anaphor looks back for its quarter: earnings
/// reports name the quarter once, then compare it a sentence or two later.
const REACH: usize = 400;

/// "1989-Q3" → "1988-Q3".
fn year_before_quarter(value: &str) -> Option<String> {
    let (year, q) = value.split_once("-Q")?;
    let year: i32 = year.parse().ok()?;
    Some(format!("{:04}-Q{q}", year - 1))
}
