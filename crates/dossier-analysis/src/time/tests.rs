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
    assert_eq!(one("on 22/11/2023", r).1, "2023-11-22");
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

#[test]
fn seed_articles_more() {
    let r = dct();
    // "in the 1990s", "earlier this month", "for three weeks", "a year ago".
    assert_eq!(one("in the 1990s", r), pair("the 1990s", "199"));
    assert_eq!(one("earlier this month", r).1, "2023-11");
    assert_eq!(one("later this month", r).1, "2023-11");
    assert_eq!(one("for three weeks", r), pair("three weeks", "P3W"));
    let f = found("Wednesday, 11/22/2023: strikes overnight, since Tuesday", r);
    let values: Vec<&str> = f.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(values, ["2023-11-22", "2023-11-21TNI", "2023-11-21"]);
}

#[test]
fn tense_picks_past_or_coming_days_and_months() {
    // Wednesday 2023-11-22.
    let r = dct();
    assert_eq!(
        one("The talks are set to resume Monday.", r).1,
        "2023-11-27"
    );
    assert_eq!(one("The talks resumed Monday.", r).1, "2023-11-20");
    assert_eq!(one("He planned to leave on Friday.", r).1, "2023-11-24");
    assert_eq!(
        one("They would appeal the ruling, announced Monday.", r).1,
        "2023-11-20"
    );
    assert_eq!(one("They will fight Monday's ruling.", r).1, "2023-11-20");
    assert_eq!(
        one("The deadline was extended until Friday.", r).1,
        "2023-11-24"
    );
    // Months: the tense outweighs nearness.
    assert_eq!(
        one("They are expected to join in April.", d(1998, 12, 5)).1,
        "1999-04"
    );
    assert_eq!(
        one("The company was sold in January.", d(1989, 10, 27)).1,
        "1989-01"
    );
    assert_eq!(
        one("The rights expire Nov. 21.", d(1989, 11, 2)).1,
        "1989-11-21"
    );
    assert_eq!(
        one("He must return by Jan. 14.", d(2000, 1, 6)).1,
        "2000-01-14"
    );
    // Without a cue, the nearest date with a bias to the past.
    assert_eq!(one("in April", d(1989, 10, 26)).1, "1989-04");
    // "May" is a month after a preposition only.
    assert_eq!(one("Talks conclude by May.", d(1998, 3, 22)).1, "1998-05");
    assert!(found("Talks May conclude.", d(1998, 3, 22)).is_empty());
}

#[test]
fn parts_of_day() {
    let r = dct();
    assert_eq!(one("Tuesday morning", r).1, "2023-11-21TMO");
    assert_eq!(found("Tuesday morning", r)[0].1, TimexType::Time);
    assert_eq!(one("this afternoon", r).1, "2023-11-22TAF");
    assert_eq!(one("yesterday evening", r).1, "2023-11-21TEV");
    assert_eq!(one("last night", r).1, "2023-11-21TNI");
    assert_eq!(one("by mid-afternoon", r).1, "2023-11-22TAF");
    assert_eq!(one("at midday", r).1, "2023-11-22T12:00");
    assert_eq!(one("at 3 p.m.", r).1, "2023-11-22T15:00");
    assert_eq!(one("at 12:30 a.m.", r).1, "2023-11-22T00:30");
    assert_eq!(one("at noon", r).1, "2023-11-22T12:00");
    assert_eq!(one("at 14:00 GMT", r).1, "2023-11-22T14:00");
    assert_eq!(one("at 9:30", r).1, "2023-11-22T09:30");
    assert_eq!(one("at 10.30am", r).1, "2023-11-22T10:30");
    assert!(found("the team won 2:30", r).is_empty());
    assert_eq!(one("earlier in the year", r).1, "2023");
    assert_eq!(one("for half an hour", r).1, "PT30M");
    // A bare time takes the day named beside it in its sentence.
    let f = found(
        "The blast occurred at about 10:35 a.m. (0735 GMT) Friday.",
        d(1998, 8, 8),
    );
    assert_eq!(f[0].2, "1998-08-07T10:35");
    assert_eq!(
        one("the offer expires at 5 p.m. EST Nov. 9", d(1989, 11, 2)),
        pair("5 p.m. EST Nov. 9", "1989-11-09T17:00")
    );
}

#[test]
fn narrative_anaphors_follow_the_last_date() {
    let r = d(1998, 4, 18);
    let f = found(
        "On May 22, 1995, he was made a general, and the following year he left.",
        r,
    );
    assert_eq!(
        f[1],
        ("the following year".into(), TimexType::Date, "1996".into())
    );
    let f = found(
        "He fled in June 1998 and returned later that year.",
        d(2000, 1, 28),
    );
    assert_eq!(f[1].2, "1998");
    let f = found(
        "He was shot on Oct. 23, 1998. The next day, police came.",
        r,
    );
    assert_eq!(f[1].2, "1998-10-24");
    let f = found(
        "In March 1989 it bid. The following month, it sold.",
        d(1989, 10, 27),
    );
    assert_eq!(f[1].2, "1989-04");
    // Without an antecedent, the reference.
    assert_eq!(one("Later that year, it sold.", r).1, "1998");
}

#[test]
fn durations_more() {
    let r = dct();
    assert_eq!(one("for 10 years", r), pair("10 years", "P10Y"));
    assert_eq!(one("for a couple of years", r).1, "P2Y");
    assert_eq!(one("for 2 1/2 years", r).1, "P2Y6M");
    assert_eq!(one("a minute and a half", r).1, "PT1M30S");
    assert_eq!(one("for at least 20 more years", r).1, "P20Y");
    assert_eq!(one("for several years", r).1, "PXY");
    assert_eq!(one("a decade", r).1, "P10Y");
    assert_eq!(one("the past three months", r).1, "P3M");
    assert_eq!(one("in recent weeks", r), pair("recent weeks", "PXW"));
    assert_eq!(found("in recent weeks", r)[0].1, TimexType::Duration);
    // "N days later" is the duration; the signal stays outside.
    assert_eq!(
        one("Three days later, it fell.", r),
        pair("Three days", "P3D")
    );
    assert_eq!(one("a yearlong inquiry", r), pair("yearlong", "P1Y"));
    assert_eq!(one("a day-long meeting", r).1, "P1D");
    assert_eq!(one("a decades-long battle", r).1, "PXDE");
    // A rate is not a duration.
    assert!(found("It earns $2 million a year.", r).is_empty());
    assert!(found("adding 700 seats a week", r).is_empty());
}

#[test]
fn sets_more() {
    let r = dct();
    let f = found("each Thursday", r);
    assert_eq!((f[0].1, f[0].2.as_str()), (TimexType::Set, "XXXX-WXX-4"));
    let f = found("on Monday and Tuesday nights", r);
    assert_eq!(f.last().map(|t| t.2.as_str()), Some("XXXX-WXX-2TNI"));
    let f = found("they march each July", r);
    assert_eq!((f[0].1, f[0].2.as_str()), (TimexType::Set, "XXXX-07"));
    assert_eq!(one("published monthly", r).1, "P1M");
    // Generic uses are not days.
    assert!(found("in today's world", r).is_empty());
    assert!(found("the people of tomorrow", r).is_empty());
    assert_eq!(one("every two weeks", r).1, "P2W");
}

#[test]
fn quarters_halves_seasons_decades() {
    let r = d(1989, 10, 26);
    assert_eq!(one("in the third quarter", r).1, "1989-Q3");
    assert_eq!(one("the fourth quarter", r).1, "1989-Q4");
    // A quarter not yet begun is last year's: reports look back.
    assert_eq!(one("the fourth quarter", d(1989, 8, 1)).1, "1988-Q4");
    assert_eq!(one("in the 1988 second quarter", r).1, "1988-Q2");
    assert_eq!(one("in the year-ago third quarter", r).1, "1988-Q3");
    assert_eq!(one("next year's first quarter", r).1, "1990-Q1");
    assert_eq!(
        one("earnings for the last half of 1989", r),
        pair("the last half of 1989", "1989-H2")
    );
    assert_eq!(one("the first half of 1990", r).1, "1990-H1");
    assert_eq!(one("fiscal 1998", r).1, "1998");
    assert_eq!(one("over the summer", r).1, "1989-SU");
    assert_eq!(one("this past spring", r).1, "1988-SP");
    assert_eq!(one("the winter of 1994", r).1, "1994-WI");
    assert_eq!(one("through the nineties", r).1, "199");
    assert_eq!(one("in the early 1990s", r).1, "199");
    assert_eq!(one("by the year two thousand", r).1, "2000");
    assert_eq!(one("by year-end", r).1, "1989");
    assert_eq!(one("a high for the year", r).1, "1989");
    assert_eq!(one("in the 1988 period", r).1, "1988-Q3");
    assert_eq!(one("for the same period last year", r).1, "1988-Q3");
    assert_eq!(one("sales for last year's quarter", r).1, "1988-Q3");
    assert_eq!(one("over the past year", r).1, "1988");
    assert_eq!(one("in the last decade", r).1, "197");
    assert_eq!(one("over the next couple of years", r).1, "P2Y");
    // "closed at 2082.1" is an index level.
    assert!(found("closed at 2082.1 points", r).is_empty());
}

#[test]
fn vague_references_more() {
    let r = dct();
    assert_eq!(one("currently", r).1, "PRESENT_REF");
    assert_eq!(one("in the near future", r).1, "FUTURE_REF");
    assert_eq!(one("in the short term", r).1, "FUTURE_REF");
    assert_eq!(one("in past years", r).1, "PAST_REF");
    assert_eq!(one("several years ago", r).1, "PAST_REF");
}

#[test]
fn year_boundaries_more() {
    // A Jan 2 article: "December 30" is the previous year's.
    assert_eq!(one("on December 30", d(2024, 1, 2)).1, "2023-12-30");
    // "last week" across the new year: ISO week-year 2020 has 53 weeks.
    assert_eq!(one("last week", d(2021, 1, 6)).1, "2020-W53");
    assert_eq!(one("this week", d(2021, 1, 1)).1, "2020-W53");
    assert_eq!(one("next week", d(2024, 12, 26)).1, "2025-W01");
    assert_eq!(one("last Friday", d(2024, 1, 2)).1, "2023-12-29");
    assert_eq!(one("next Tuesday", d(2023, 12, 29)).1, "2024-01-02");
    assert_eq!(one("the fourth quarter", d(2024, 1, 10)).1, "2023-Q4");
    assert_eq!(one("last December", d(2024, 1, 10)).1, "2023-12");
    // Leap days.
    assert_eq!(one("on Feb. 29, 2024", dct()).1, "2024-02-29");
    assert_eq!(one("a year ago", d(2024, 2, 29)).1, "2023");
    assert_eq!(one("tomorrow", d(2024, 2, 28)).1, "2024-02-29");
    assert_eq!(one("tomorrow", d(2023, 2, 28)).1, "2023-03-01");
    assert_eq!(one("two days ago", d(2024, 3, 1)).1, "2024-02-28");
    assert!(found("on Feb. 29, 2023", dct())
        .iter()
        .all(|t| !t.2.contains("02-29")));
}

#[test]
fn corrected_reference_re_resolves() {
    let text = "Strikes since Tuesday; a year ago it was calm.";
    let before = found(text, None);
    assert_eq!(before[0].2, "XXXX-XX-XX");
    assert_eq!(before[1].2, "XXXX");
    let after = found(text, d(2023, 11, 22));
    assert_eq!(after[0].2, "2023-11-21");
    assert_eq!(after[1].2, "2022");
    let again = found(text, d(2024, 3, 7));
    assert_eq!(again[0].2, "2024-03-05");
    assert_eq!(again[1].2, "2023");
}

#[test]
fn precision_follows_the_value() {
    use super::{precision_of, Precision};
    let p = |v: &str| precision_of(v);
    assert_eq!(p("19"), Some(Precision::Century));
    assert_eq!(p("199"), Some(Precision::Decade));
    assert_eq!(p("1998"), Some(Precision::Year));
    assert_eq!(p("1989-H2"), Some(Precision::HalfYear));
    assert_eq!(p("1998-Q3"), Some(Precision::Quarter));
    assert_eq!(p("1998-SU"), Some(Precision::Season));
    assert_eq!(p("1998-10"), Some(Precision::Month));
    assert_eq!(p("2023-W47"), Some(Precision::Week));
    assert_eq!(p("2023-W47-WE"), Some(Precision::Week));
    assert_eq!(p("2023-11-22"), Some(Precision::Day));
    assert_eq!(p("XXXX-XX-XX"), Some(Precision::Day));
    assert_eq!(p("2023-11-21TNI"), Some(Precision::PartOfDay));
    assert_eq!(p("2023-11-21T22:00"), Some(Precision::TimeOfDay));
    assert_eq!(p("PAST_REF"), None);
    assert_eq!(p("P3W"), None);
    let t = tag("for three weeks", dct());
    assert_eq!(t[0].precision(), None);
    let t = tag("last night", dct());
    assert_eq!(t[0].precision(), Some(Precision::PartOfDay));
    assert!(Precision::Day > Precision::Month);
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

#[test]
fn vague_plural_periods() {
    let r = dct();
    assert_eq!(
        one("tax payments in future quarters", r),
        pair("future quarters", "FUTURE_REF")
    );
    assert_eq!(
        one("a tough business in recent quarters", r),
        pair("recent quarters", "PXQ")
    );
    // Quarters that are not time.
    assert!(found("three quarters of the vote", r).is_empty());
    assert!(found("more than a quarter of the entire market", r).is_empty());
    assert_eq!(
        one("after several quarters of losses", r),
        pair("several quarters", "PXQ")
    );
    assert_eq!(
        found("in the first three quarters of the year", r)[0].0,
        "the first three quarters"
    );
    assert!(found("the troops' living quarters", r).is_empty());
}

#[test]
fn unnamed_and_unspecified_times() {
    let r = dct();
    assert_eq!(
        one("offerings at a later date.", r),
        pair("a later date", "FUTURE_REF")
    );
    assert_eq!(
        one("to liquidate it as soon as possible", r),
        pair("as soon as possible", "FUTURE_REF")
    );
    let f = found("forces could be in the gulf for some time.", r);
    assert_eq!(
        f,
        vec![(
            "some time".to_string(),
            TimexType::Duration,
            "PXX".to_string()
        )]
    );
    assert_eq!(
        one("live without it for a while.", r),
        pair("a while", "PXX")
    );
    // "some time ago" is not a stretch.
    assert!(found("left for home some time ago", r)
        .iter()
        .all(|t| t.1 != TimexType::Duration));
}

#[test]
fn hours_of_a_part_of_day() {
    let r = dct();
    assert_eq!(
        found("will leave at 4 in the morning (4 a.m. EDT)", r)[0],
        (
            "4 in the morning".to_string(),
            TimexType::Time,
            "2023-11-22T04:00".to_string()
        )
    );
    assert_eq!(
        one("at eight in the evening", r),
        pair("eight in the evening", "2023-11-22T20:00")
    );
    assert_eq!(
        one("at eleven at night", r),
        pair("eleven at night", "2023-11-22T23:00")
    );
    assert_eq!(
        one("at two at night", r),
        pair("two at night", "2023-11-22T02:00")
    );
    // "High Noon" is a film, not a time.
    assert!(found("Gary Cooper in ``High Noon''", r).is_empty());
    assert_eq!(one("at noon", r).1, "2023-11-22T12:00");
}

#[test]
fn conjoined_days() {
    let r = d(1999, 2, 10);
    let f = found("the summit on April 24 and 25.", r);
    let values: Vec<(&str, &str)> = f.iter().map(|t| (t.0.as_str(), t.2.as_str())).collect();
    assert_eq!(
        values,
        vec![("April 24", "1999-04-24"), ("25", "1999-04-25")]
    );
    let f = found("talks on March 5 or 6, officials said", r);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!((f[1].0.as_str(), f[1].2.as_str()), ("6", "1999-03-06"));
    // A count after the conjunction is not a day.
    let f = found("on April 24 and 25 delegates left", r);
    assert_eq!(f.len(), 1, "{f:?}");
    // A day past the month's end is not a date.
    assert_eq!(found("on February 27 and 30,", r).len(), 1);
}

#[test]
fn fiscal_years_and_edges_of_the_current_month() {
    let r = d(1989, 10, 30);
    assert_eq!(
        one("sales in the latest fiscal year rose", r),
        pair("the latest fiscal year", "1988")
    );
    assert_eq!(
        one("sales in the current fiscal year", r),
        pair("the current fiscal year", "1989")
    );
    assert_eq!(one("next fiscal year", r).1, "1990");
    assert_eq!(
        found("in the fiscal year ended Jan. 31", r)[0].0,
        "the fiscal year"
    );
    assert_eq!(
        found("in the fiscal year ended Jan. 31", r)[0].1,
        TimexType::Duration
    );
    // Other units are not fiscal.
    assert!(found("the fiscal week", r).is_empty());
    assert_eq!(
        one("40,000 troops in the region by the end of the month.", r),
        pair("the end of the month", "1989-10")
    );
    assert_eq!(one("at the beginning of the week", r).1, "1989-W44");
}

#[test]
fn soon_in_a_future_clause() {
    let r = dct();
    assert_eq!(
        one("prosecutors may soon seek an indictment", r),
        pair("soon", "FUTURE_REF")
    );
    assert_eq!(one("it soon will begin selling", r).1, "FUTURE_REF");
    // A narrated past, or "soon" joining two clauses.
    assert!(found("He was soon released from hospital.", r).is_empty());
    assert!(found("killed soon after being captured", r).is_empty());
    assert!(found("they will leave as soon as the threats end", r).is_empty());
}

#[test]
fn generic_today_and_rates() {
    let r = dct();
    assert!(found("the case is for today's youth what", r).is_empty());
    assert!(found("many of today's personal computers", r).is_empty());
    assert_eq!(
        one("The offer, advertised in today's editions", r).1,
        "2023-11-22"
    );
    assert!(found("up from four flights a week", r).is_empty());
    assert!(found("it happens three times a day", r).is_empty());
    assert_eq!(one("within a week", r), pair("a week", "P1W"));
}
