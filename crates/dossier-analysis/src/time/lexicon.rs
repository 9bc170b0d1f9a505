//! Words for months, weekdays, numbers and units, and the regular-expression
//! alternations built from them.

use chrono::Weekday;

use super::calendar::Unit;

/// Month names and abbreviations, capitalised ("may" and "march" in lower
/// case are usually not months); each ends on a word boundary or a dot.
pub const MONTH: &str = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)";

/// Weekday names and common abbreviations.
pub const WEEKDAY: &str = r"(?:(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)\b|(?:Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)\.)";

/// Number words and digits that count units ("three weeks", "24 hours").
pub const NUMBER: &str = r"(?:\d{1,4}(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|five|six|seven|eight|nine)|a couple of|couple of|a few|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|few|several|many|some)";

/// Unit words, singular or plural.
pub const UNIT: &str =
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|centur(?:y|ies))";

/// The month number of a month name or abbreviation.
pub fn month(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    let m = match w.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// The weekday of a weekday name or abbreviation.
pub fn weekday(word: &str) -> Option<Weekday> {
    let w = word.to_ascii_lowercase();
    let d = match w.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    Some(d)
}

/// The unit a unit word names.
pub fn unit(word: &str) -> Option<Unit> {
    let w = word.to_ascii_lowercase();
    let u = match w.get(..3)? {
        "sec" => Unit::Second,
        "min" => Unit::Minute,
        "hou" => Unit::Hour,
        "day" => Unit::Day,
        "wee" => Unit::Week,
        "mon" => Unit::Month,
        "qua" => Unit::Quarter,
        "yea" => Unit::Year,
        "dec" => Unit::Decade,
        "cen" => Unit::Century,
        _ => return None,
    };
    Some(u)
}

/// The value of a count: `Some(n)` for a number, `None` for a vague amount
/// ("several", "a few"), which TIMEX3 writes as `X`.
pub fn number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase().replace('-', " ");
    if let Ok(n) = w.parse::<u32>() {
        return Some(n);
    }
    if w == "a couple of" || w == "couple of" {
        return Some(2);
    }
    let small = |s: &str| -> Option<u32> {
        let n = match s {
            "a" | "an" | "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            "thirteen" => 13,
            "fourteen" => 14,
            "fifteen" => 15,
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            "twenty" => 20,
            "thirty" => 30,
            "forty" => 40,
            "fifty" => 50,
            "sixty" => 60,
            "seventy" => 70,
            "eighty" => 80,
            "ninety" => 90,
            "hundred" => 100,
            _ => return None,
        };
        Some(n)
    };
    let mut words = w.split_whitespace();
    let first = small(words.next()?)?;
    match words.next() {
        None => Some(first),
        Some(second) => Some(first + small(second)?),
    }
}
