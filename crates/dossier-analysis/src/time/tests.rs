//! Tests for each expression family, the seed articles' expressions, year
//! boundaries and leap days.

use chrono::NaiveDate;

use super::{tag, TimexType};

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

/// The (text, type, value) of each expression found.
fn found(text: &str, reference: Option<NaiveDate>) -> Vec<(String, TimexType, String)> {
    tag(text, reference)
        .into_iter()
        .map(|t| (text[t.span.start..t.span.end].to_string(), t.kind, t.value))
        .collect()
}

/// The single expression's text and value.
fn one(text: &str, reference: Option<NaiveDate>) -> (String, String) {
    let f = found(text, reference);
    assert_eq!(f.len(), 1, "{text:?}: {f:?}");
    (f[0].0.clone(), f[0].2.clone())
}

fn dct() -> Option<NaiveDate> {
    d(2023, 11, 22)
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn seed_article_expressions() {
    let r = dct();
    assert_eq!(
        one("Published Wednesday, 11/22/2023.", r),
        pair("Wednesday, 11/22/2023", "2023-11-22")
    );
    assert_eq!(
        one("attacks since Tuesday", r),
        pair("Tuesday", "2023-11-21")
    );
    assert_eq!(
        one("a drone attack on Oct. 17 killed", r),
        pair("Oct. 17", "2023-10-17")
    );
    assert_eq!(
        one("on November 21 the", r),
        pair("November 21", "2023-11-21")
    );
    assert_eq!(
        one("strikes last night on", r),
        pair("last night", "2023-11-21TNI")
    );
    assert_eq!(
        one("strikes overnight on", r),
        pair("overnight", "2023-11-21TNI")
    );
    assert_eq!(one("as it did a year ago", r), pair("a year ago", "2022"));
    assert_eq!(
        one("about 24 hours earlier", r),
        pair("about 24 hours earlier", "2023-11-21")
    );
}

#[test]
fn absolute_dates() {
    let r = dct();
    assert_eq!(one("on 2023-11-22", r).1, "2023-11-22");
    assert_eq!(one("Nov. 22, 2023", r).1, "2023-11-22");
    assert_eq!(one("22 November 2023", r).1, "2023-11-22");
    assert_eq!(one("in November 2023", r).1, "2023-11");
    assert_eq!(one("in 2014", r).1, "2014");
    assert_eq!(one("in the 1990s", r), pair("the 1990s", "199"));
    assert_eq!(one("Jan. 5", d(2023, 12, 20)).1, "2024-01-05");
    assert_eq!(one("December 30", d(2024, 1, 3)).1, "2023-12-30");
    assert_eq!(one("in nineteen ninety-six", r).1, "1996");
    assert_eq!(one("in June last year", r).1, "2022-06");
    assert_eq!(one("in April", d(1989, 10, 26)).1, "1989-04");
    assert_eq!(one("in February", d(1989, 10, 30)).1, "1990-02");
    assert_eq!(one("fiscal 1989", r).1, "1989");
    assert_eq!(
        one("by the end of 1990", r),
        pair("the end of 1990", "1990")
    );
    assert_eq!(one("since mid-1996", r), pair("mid-1996", "1996"));
    assert_eq!(
        one("since Thanksgiving Day", d(1999, 12, 2)).1,
        "1999-11-25"
    );
    assert_eq!(one("last Christmas", r).1, "2022-12-25");
    assert_eq!(
        one("in the 20th century", r),
        pair("the 20th century", "19")
    );
    assert_eq!(one("for the full year", r).1, "2023");
    assert_eq!(one("in the latest period", d(1989, 10, 26)).1, "1989-Q3");
    assert_eq!(one("last February", d(1998, 3, 1)).1, "1997-02");
    assert_eq!(one("last April", d(1989, 10, 27)).1, "1989-04");
    // "May" alone is a verb.
    assert!(found("They May go", r).is_empty());
}

#[test]
fn weekdays() {
    let r = dct();
    assert_eq!(one("on Monday, he said", r).1, "2023-11-20");
    assert_eq!(one("will meet on Friday", r).1, "2023-11-24");
    assert_eq!(one("last Wednesday", r).1, "2023-11-15");
    assert_eq!(one("next Monday", r).1, "2023-11-27");
    assert_eq!(one("Tuesday night", r).1, "2023-11-21TNI");
    assert_eq!(
        one("at 10 p.m. Tuesday", r),
        pair("10 p.m. Tuesday", "2023-11-21T22:00")
    );
    assert_eq!(one("noon Monday", r).1, "2023-11-20T12:00");
}

#[test]
fn relative_offsets() {
    let r = dct();
    assert_eq!(one("this week", r).1, "2023-W47");
    assert_eq!(one("last week", r).1, "2023-W46");
    assert_eq!(one("next month", r).1, "2023-12");
    assert_eq!(
        one("earlier this month", r),
        pair("earlier this month", "2023-11")
    );
    assert_eq!(one("last year", r).1, "2022");
    assert_eq!(one("two days ago", r).1, "2023-11-20");
    assert_eq!(one("today", r).1, "2023-11-22");
    assert_eq!(one("yesterday", r).1, "2023-11-21");
    assert_eq!(one("tomorrow", r).1, "2023-11-23");
    assert_eq!(one("tonight", r).1, "2023-11-22TNI");
}

#[test]
fn year_boundaries_and_leap_days() {
    assert_eq!(one("last month", d(2024, 1, 15)).1, "2023-12");
    assert_eq!(one("next month", d(2023, 12, 15)).1, "2024-01");
    assert_eq!(one("yesterday", d(2024, 1, 1)).1, "2023-12-31");
    assert_eq!(one("yesterday", d(2024, 3, 1)).1, "2024-02-29");
    assert_eq!(one("a year ago", d(2024, 2, 29)).1, "2023");
    assert_eq!(one("Feb. 29", d(2024, 3, 2)).1, "2024-02-29");
    assert_eq!(one("last week", d(2024, 1, 3)).1, "2023-W52");
    // Not a date: no leap day in 2023 (the year alone is still found).
    assert!(found("2023-02-29", None)
        .iter()
        .all(|t| !t.2.contains("02-29")));
}

#[test]
fn durations() {
    let r = dct();
    assert_eq!(one("for three weeks", r), pair("three weeks", "P3W"));
    assert_eq!(one("in 24 hours", r), pair("24 hours", "PT24H"));
    assert_eq!(one("for years", r), pair("years", "PXY"));
    assert_eq!(one("a two-year contract", r), pair("two-year", "P2Y"));
    assert_eq!(one("in the past two months", r).1, "P2M");
    assert_eq!(found("for three weeks", r)[0].1, TimexType::Duration);
    assert_eq!(one("in the nine months", r), pair("the nine months", "P9M"));
    // An age is not a duration.
    assert!(found("a 6-year-old boy", r).is_empty());
    assert!(found("Mr. Smith, 52 years old", r).is_empty());
    let f = found("net income for the year ended March 31", r);
    assert_eq!((f[0].0.as_str(), f[0].2.as_str()), ("the year", "P1Y"));
    assert!(found("about three-quarters of them, a second time", r).is_empty());
}

#[test]
fn sets() {
    let r = dct();
    let f = found("every week", r);
    assert_eq!((f[0].1, f[0].2.as_str()), (TimexType::Set, "P1W"));
    let f = found("published weekly", r);
    assert_eq!((f[0].1, f[0].2.as_str()), (TimexType::Set, "P1W"));
}

#[test]
fn vague_references() {
    let r = dct();
    assert_eq!(one("now", r).1, "PRESENT_REF");
    assert_eq!(one("recently", r).1, "PAST_REF");
    assert_eq!(one("in the past", r).1, "PAST_REF");
    assert_eq!(one("the future", r).1, "FUTURE_REF");
}

#[test]
fn without_reference_relative_values_are_placeholders() {
    assert_eq!(one("yesterday", None).1, "XXXX-XX-XX");
    assert_eq!(one("last night", None).1, "XXXX-XX-XXTNI");
    assert_eq!(one("last month", None).1, "XXXX-XX");
    assert_eq!(one("October 17", None).1, "XXXX-10-17");
    assert_eq!(one("11/22/2023", None).1, "2023-11-22");
}

#[test]
fn spans_are_byte_offsets_and_odd_input_is_safe() {
    let text = "Ünïcödé — on Tuesday ☃";
    let t = tag(text, dct());
    assert_eq!(t.len(), 1);
    assert_eq!(&text[t[0].span.start..t[0].span.end], "Tuesday");
    for s in [
        "",
        "9999-99-99",
        "99/99/99",
        "0 days ago",
        "99999 years ago",
        "€€€ 12:99 pm",
    ] {
        let _ = tag(s, dct());
        let _ = tag(s, NaiveDate::from_ymd_opt(262_000, 1, 1));
    }
}

#[test]
fn year_back_anaphors_follow_a_quarter() {
    let r = d(1989, 10, 26);
    let f = found("Profit rose in the third quarter from a year earlier.", r);
    assert_eq!(f[0].2, "1989-Q3");
    assert_eq!(
        f[1],
        (
            "a year earlier".to_string(),
            TimexType::Date,
            "1988-Q3".to_string()
        )
    );
    // Without a quarter it is just the year before.
    assert_eq!(one("Profit rose from a year earlier.", r).1, "1988");
    assert_eq!(one("the year-earlier quarter", r).1, "1988-Q3");
    let f = found(
        "In the third quarter, up from the year-ago quarter and a year ago",
        r,
    );
    assert_eq!(f[2].2, "1988-Q3");
}

/// Rough throughput: `cargo test --release -p dossier-analysis throughput --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let sentence = "U.S. forces struck two sites south of Baghdad overnight, a year ago \
        the militia said on Oct. 17 that it had attacked bases since Tuesday, and for \
        three weeks officials said nothing about the strikes on Wednesday, 11/22/2023. ";
    let text = sentence.repeat(2_000);
    let tokens = text.split_whitespace().count();
    let start = std::time::Instant::now();
    let n = tag(&text, dct()).len();
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{n} timexes, {tokens} tokens, {:.0} tokens/s",
        tokens as f64 / secs
    );
}
