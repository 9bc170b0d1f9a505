//! The rules: one regular expression per expression family, each with a
//! normaliser that turns a match into a TIMEX3 type and value. A normaliser
//! returning `None` rejects the match ("May" alone is a modal verb).

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};

use super::calendar::{self, format, Grain, Unit};
use super::lexicon::{self, MONTH, NUMBER, UNIT, WEEKDAY};
use super::tense::{self, Tense};
use super::{Timex, TimexType};

/// What a normaliser knows besides its match.
struct Ctx<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    reference: Option<NaiveDate>,
}

type Normaliser = fn(&Captures, &Ctx) -> Option<(TimexType, String)>;

struct Rule {
    re: Regex,
    normalise: Normaliser,
}

/// Every rule's matches in `text`, overlapping.
pub fn candidates(text: &str, reference: Option<NaiveDate>) -> Vec<Timex> {
    let mut out = Vec::new();
    for rule in rules() {
        for caps in rule.re.captures_iter(text) {
            // A group named `ext` is the expression inside a match that
            // needs context around it ("for some time").
            let Some(m) = caps.name("ext").or_else(|| caps.get(0)) else {
                continue;
            };
            let ctx = Ctx {
                text,
                start: m.start(),
                end: m.end(),
                reference,
            };
            if let Some((kind, value)) = (rule.normalise)(&caps, &ctx) {
                out.push(Timex {
                    span: dossier_core::Span::new(m.start(), m.end()),
                    kind,
                    value,
                });
            }
        }
    }
    out
}

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(build)
}

fn rule(pattern: &str, normalise: Normaliser) -> Rule {
    // The patterns are constants, tested by every unit test: a bad one is a
    // programming error caught before release.
    let re = Regex::new(pattern).unwrap_or_else(|e| panic!("bad time rule {pattern}: {e}"));
    Rule { re, normalise }
}

fn build() -> Vec<Rule> {
    let wd_prefix = format!(r"(?:(?P<wd>{WEEKDAY}),?\s+)?");
    vec![
        rule(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", full_date),
        rule(
            &format!(r"\b{wd_prefix}(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}})\b"),
            full_date,
        ),
        rule(
            &format!(
                r"\b{wd_prefix}(?P<mon>{MONTH})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?"
            ),
            month_day,
        ),
        rule(
            &format!(
                r"\b{wd_prefix}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<y>\d{{4}})\b)?"
            ),
            month_day,
        ),
        rule(
            &format!(
                r"\b(?:(?P<mod>(?i:early|late|mid)-?)\s*)?(?P<mon>{MONTH})(?:,?\s+(?P<y>\d{{4}})\b)?"
            ),
            month_year,
        ),
        rule(
            &format!(
                r"\b(?P<rel>(?i:last|next|this|early next|late last|earlier this))\s+(?P<mon>{MONTH})"
            ),
            relative_month,
        ),
        rule(
            &format!(r"\b(?P<mon>{MONTH})\s+(?P<rel>(?i:this|last|next))\s+year\b"),
            month_of_relative_year,
        ),
        rule(
            &format!(
                r"(?i)\b(?:(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter)\s+of\s+|(?-i:(?P<mon>{MONTH}))\s+)(?:(?P<y>1[5-9]\d\d|20\d\d)\b|nineteen[- ](?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?P<ones>one|two|three|four|five|six|seven|eight|nine))?\b)"
            ),
            season_or_month_of_year,
        ),
        rule(
            r"(?i)\bnineteen[- ](?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?P<ones>one|two|three|four|five|six|seven|eight|nine))?\b",
            spelled_year,
        ),
        rule(
            r"\b(?:(?P<fiscal>(?i:fiscal)(?: year)?)\s+)?(?P<y>1[5-9]\d\d|20\d\d)\b",
            year,
        ),
        rule(
            r"\b(?:(?i:the)\s+)?(?:(?i:early|mid|late)[- ])?(?P<dec>(?:1[5-9]|20)\d)0'?s\b",
            decade,
        ),
        rule(
            &format!(
                r"\b(?:(?i:early|late)\s+)?(?:(?P<rel>(?i:last|next|this|past|coming))\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"
            ),
            weekday,
        ),
        rule(
            r"(?i)\b(?:(?:early|late|earlier|later)\s+)?(?:the day before yesterday|the day after tomorrow|(?:yesterday|tomorrow|today)(?:\s+(?:morning|afternoon|evening|night))?|tonight|overnight|last night|this (?:morning|afternoon|evening))\b",
            deictic,
        ),
        rule(
            r"(?i)\b(?:(?P<pre>earlier|later|early|late|sometime|some time)\s+)?(?P<rel>this past|this coming|this|last|next|past|previous|coming|current|the current|the latest|the previous|the past|the last|the next|the coming|the same|the)\s+(?:(?P<fiscal>fiscal)\s+)?(?P<unit>week|weekend|month|quarter|year|decade|century|spring|summer|fall|autumn|winter)\b",
            relative_period,
        ),
        rule(
            // "the third quarter" but "the third-quarter results": an adjective
            // leaves its article outside the expression.
            r"(?i)\b(?:(?:(?:the\s+)?(?:(?P<y2>\d{4})\s+|(?P<back>year-ago|year-earlier|comparable|corresponding|same)\s+|(?P<rel>this|last|next)\s+year's\s+)*(?:fiscal\s+)?)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:fiscal\s+)?quarter\b(?:\s+of\s+(?:fiscal\s+)?(?P<y>\d{4}))?|(?P<ord2>first|second|third|fourth|1st|2nd|3rd|4th)-quarter\b)",
            quarter,
        ),
        rule(
            &format!(
                r"(?i)\b(?:(?:about|nearly|almost|some|more than|less than|over|roughly|just)\s+)?(?P<n>{NUMBER})\s+(?P<unit>{UNIT})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|from now|hence)\b"
            ),
            offset,
        ),
        rule(
            &format!(
                r"(?i)\b(?:(?:about|nearly|almost|more than|less than|no more than|at least|up to|roughly|some|only|just)\s+)?(?:(?:the\s+(?:(?:first|past|last|next|previous|coming|final)\s+)?)?(?P<n>{NUMBER})(?P<frac>\s+1/2|-and-a-half)?\s+(?:(?:more|additional|straight|consecutive|trading|business|working|full)\s+)?(?P<unit>{UNIT})\b(?P<half>\s+and\s+a\s+half\b)?|(?P<n2>{NUMBER})-(?P<unit2>{UNIT})\b(?:[- ]long)?)"
            ),
            duration,
        ),
        rule(
            r"(?i)\b(?:(?P<rec>recent|past|coming|next|last|future|the last|the past|the next|the coming)\s+)?(?P<unit>days|weeks|months|quarters|years|decades|centuries)\b",
            vague_duration,
        ),
        rule(
            &format!(
                r"(?i)\b(?:every|each|per)\s+(?:(?P<n>{NUMBER})\s+)?(?P<unit>{UNIT}|morning|night|evening|weekend)\b"
            ),
            set_every,
        ),
        rule(
            &format!(
                r"\b(?:(?i:every|each)\s+(?P<wd>{WEEKDAY})(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?|(?i:every|each)\s+(?P<mon>{MONTH})|(?P<wds>[MTWFS][a-z]+day)s(?:\s+and\s+[MTWFS][a-z]+days)?(?:\s+(?P<parts>(?i:morning|afternoon|evening|night))s)?|(?P<wd2>{WEEKDAY})\s+(?P<parts2>(?i:morning|afternoon|evening|night))s)\b"
            ),
            set_named,
        ),
        rule(
            r"(?i)\b(?P<adv>daily|weekly|monthly|yearly|hourly|nightly)\b",
            set_adverb,
        ),
        rule(
            r"(?i)\b(?:now|currently|current|nowadays|these days|at present|recently|the past|the future|in future|the (?:near|distant) future|the (?:near|short|long) term)\b",
            vague,
        ),
        rule(
            r"(?i)\b(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)",
            clock_time,
        ),
        rule(r"(?i)\b(?:noon|midnight)\b", noon_midnight),
        rule(
            r"\b(?:(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?:\s*(?P<tz>GMT|UTC|[A-Z][SD]T|CET|CEST|BST)\b)?|(?P<h4>[01]\d|2[0-3])(?P<min4>[0-5]\d)\s*(?P<tz4>GMT|UTC)\b)",
            clock_24h,
        ),
        rule(
            r"(?i)\b(?:earlier|later|early|late)\s+in\s+the\s+(?P<unit>week|month|year)\b",
            within_current,
        ),
        rule(r"(?i)\bsoon\b", soon),
        rule(
            r"(?i)\b(?:a\s+(?P<dir>later|future|earlier)\s+date|(?P<asap>as\s+soon\s+as\s+possible))\b",
            unnamed_date,
        ),
        rule(
            r"(?i)\b(?:for|in|after)\s+(?P<ext>(?:quite\s+)?some\s+time|a\s+(?:little\s+|long\s+|short\s+)?while)\b",
            unspecified_stretch,
        ),
        rule(
            r"(?i)\b(?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+o'clock)?\s+(?:in\s+the\s+(?P<part>morning|afternoon|evening)|at\s+night)\b",
            hour_of_part,
        ),
        rule(
            r"(?i)\bhalf\s+(?:an?\s+)?(?P<unit>hour|day|month|year|decade|century)\b",
            half_unit,
        ),
        rule(
            r"(?i)\b(?:midday|mid-?day|mid[- ](?P<part>morning|afternoon|evening))\b",
            mid_part_of_day,
        ),
        rule(
            r"(?i)\b(?:(?:the\s+|by\s+)?(?:year[- ]end|year's end)|the\s+year\s+(?P<millennium>two thousand))\b",
            year_end,
        ),
        rule(
            r"(?i)\bthe\s+(?:(?:early|late|mid)[- ])?(?P<decade>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|'[2-9]0s)\b",
            spelled_decade,
        ),
        rule(
            r"(?i)\b(?:(?:the\s+)?(?:(?:early|late)\s+)?)?(?P<season>spring|summer|autumn|winter)\b",
            bare_season,
        ),
        rule(
            r"\b(?:(?P<rel>(?i:last|next|this))\s+)?(?P<name>Thanksgiving(?: Day)?|Christmas(?: Day| Eve)?|New Year's (?:Day|Eve)|Independence Day|Labor Day|Memorial Day|Election Day)",
            holiday,
        ),
        rule(r"(?i)\bthe\s+(?:fiscal\s+)?year\b", the_year),
        rule(
            r"(?i)\bthe\s+(?:end|beginning|start|middle)\s+of\s+the\s+(?P<unit>week|month)\b",
            edge_of_current,
        ),
        rule(r"(?i)\bthe\s+(?:full|whole|entire)\s+year\b", the_full_year),
        rule(r"(?i)\bthe\s+latest\s+period\b", latest_period),
        rule(
            r"(?i)\b(?P<unit>hour|day|week|month|year|decade)(?P<plural>s)?-?long\b",
            long_compound,
        ),
        rule(
            r"(?i)\b(?:the\s+(?P<y>(?:19|20)\d\d)\s+(?:fiscal\s+)?(?:quarter|period)|(?P<back>last\s+year's\s+(?:quarter|period)|the\s+(?:same|corresponding|comparable)\s+(?:quarter|period)\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier))|the\s+quarter\s+a\s+year\s+(?:ago|earlier)))\b",
            period_of_year,
        ),
        rule(super::anaphora::PATTERN, anaphor),
        rule(
            r"(?i)\b(?:the\s+)?(?P<ord>\d{1,2})(?:st|nd|rd|th)\s+century\b",
            ordinal_century,
        ),
        rule(
            &format!(
                r"\b(?:(?P<h>\d{{1,2}})(?::(?P<min>\d{{2}}))?\s*(?P<ampm>a\.m\.|p\.m\.|(?i:am|pm)\b)|(?P<nm>(?i:noon|midnight)))(?:\s+(?:[A-Z]{{3}}))?,?\s+(?:(?i:on)\s+)?(?:(?P<wd>{WEEKDAY})|(?P<mon>{MONTH})\s*(?P<d>\d{{1,2}})\b(?:,?\s+(?P<y>\d{{4}})\b)?)"
            ),
            clock_on_weekday,
        ),
        rule(
            r"(?i)\b(?:the\s+year-(?:earlier|ago)\s+(?:quarter|period)|year-(?:earlier|ago))\b",
            year_back_quarter,
        ),
    ]
}

fn num(caps: &Captures, name: &str) -> Option<u32> {
    caps.name(name)?.as_str().parse().ok()
}

fn date(kind: TimexType, value: String) -> Option<(TimexType, String)> {
    Some((kind, value))
}

/// A two-digit year is in this century up to ten years ahead of now-ish
/// (the reference), else in the last one.
fn expand_year(y: u32, reference: Option<NaiveDate>) -> i32 {
    if y >= 100 {
        return y as i32;
    }
    let ref_year = reference.map_or(2000, |r| r.year());
    let century = ref_year.div_euclid(100) * 100;
    let cand = century + y as i32;
    if cand > ref_year + 10 {
        cand - 100
    } else {
        cand
    }
}

fn full_date(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let y = expand_year(num(caps, "y")?, ctx.reference);
    let (m, day) = (num(caps, "m")?, num(caps, "d")?);
    // "22/11/2023" is day first wherever the month would be impossible.
    let (m, day) = if m > 12 && day <= 12 {
        (day, m)
    } else {
        (m, day)
    };
    let d = NaiveDate::from_ymd_opt(y, m, day)?;
    date(TimexType::Date, format(Some(d), Grain::Day))
}

fn month_day(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let month = lexicon::month(caps.name("mon")?.as_str())?;
    let day = num(caps, "d")?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let year = match num(caps, "y") {
        Some(y) => y as i32,
        None => match ctx.reference {
            Some(r) => year_for(ctx, r, month, Some(day)),
            None => return date(TimexType::Date, format!("XXXX-{month:02}-{day:02}")),
        },
    };
    let d = NaiveDate::from_ymd_opt(year, month, day)?;
    date(TimexType::Date, format(Some(d), Grain::Day))
}

fn month_year(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let word = caps.name("mon")?.as_str();
    let month = lexicon::month(word)?;
    let year = match num(caps, "y") {
        Some(y) => y as i32,
        None => {
            // "May" alone is usually the verb (but not "in May"), "Jan" a
            // name, and "the annual March for Life" a walk.
            let before = ctx.text.get(..ctx.start).unwrap_or("").to_ascii_lowercase();
            let prev = before.split_whitespace().next_back().unwrap_or("");
            let after = ctx.text.get(ctx.end..).unwrap_or("");
            let month_preposition = matches!(
                prev,
                "in" | "by"
                    | "since"
                    | "until"
                    | "till"
                    | "through"
                    | "during"
                    | "from"
                    | "early"
                    | "late"
                    | "mid"
                    | "last"
                    | "next"
                    | "this"
                    | "of"
            );
            if (word == "May" && !month_preposition && caps.name("mod").is_none())
                || (word != "May" && word.trim_end_matches('.').len() < 4)
                || (matches!(prev, "the" | "annual")
                    && (after.starts_with(" for") || after.starts_with(" of")))
            {
                return None;
            }
            match ctx.reference {
                Some(r) => year_for(ctx, r, month, None),
                None => return date(TimexType::Date, format!("XXXX-{month:02}")),
            }
        }
    };
    date(TimexType::Date, format!("{year:04}-{month:02}"))
}

fn relative_month(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let month = lexicon::month(caps.name("mon")?.as_str())?;
    let rel = caps.name("rel")?.as_str().to_ascii_lowercase();
    let Some(r) = ctx.reference else {
        return date(TimexType::Date, format!("XXXX-{month:02}"));
    };
    let year = if rel.contains("last") {
        // Writers say "last month" for the month just past, so "last
        // February" in March is the year before.
        if month + 1 < r.month() {
            r.year()
        } else {
            r.year() - 1
        }
    } else if rel.contains("next") {
        if month > r.month() {
            r.year()
        } else {
            r.year() + 1
        }
    } else {
        r.year()
    };
    date(TimexType::Date, format!("{year:04}-{month:02}"))
}

fn year(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let y = num(caps, "y")?;
    // "closed at 2082.1": a decimal number, not a year.
    let after = ctx.text.get(ctx.end..).unwrap_or("").as_bytes();
    if after.first() == Some(&b'.') && after.get(1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if caps.name("fiscal").is_some() {
        // TimeBank writes fiscal years as plain years.
        return date(TimexType::Date, format!("{y:04}"));
    }
    date(TimexType::Date, format!("{y:04}"))
}

fn month_of_relative_year(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let month = lexicon::month(caps.name("mon")?.as_str())?;
    let step = match caps.name("rel")?.as_str().to_ascii_lowercase().as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    };
    match ctx.reference {
        Some(r) => date(
            TimexType::Date,
            format!("{:04}-{month:02}", r.year() + step),
        ),
        None => date(TimexType::Date, format!("XXXX-{month:02}")),
    }
}

/// "nineteen ninety-six", as transcribed speech writes years.
fn spelled_year(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let tens = lexicon::number(caps.name("tens")?.as_str())?;
    let ones = caps
        .name("ones")
        .map_or(Some(0), |m| lexicon::number(m.as_str()))?;
    date(TimexType::Date, format!("19{:02}", tens + ones))
}

fn decade(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    date(TimexType::Date, caps.name("dec")?.as_str().to_string())
}

/// Whether the sentence around the match points to the past or the future.
fn tense(ctx: &Ctx) -> Tense {
    tense::around(ctx.text, ctx.start, ctx.end)
}

/// The year of `month`/`day` (without a year in the text) nearest to the
/// reference, with the sentence's tense weighing against the other side:
/// "the rights expire Nov. 21" in an article of Nov. 2 is this year's, "in
/// January, the company hired" in one of late October last year's.
fn year_for(ctx: &Ctx, r: NaiveDate, month: u32, day: Option<u32>) -> i32 {
    let day = day.unwrap_or(15);
    match tense(ctx) {
        Tense::Past => calendar::nearest_year_weighted(r, month, day, 1, 4),
        Tense::Future => calendar::nearest_year_weighted(r, month, day, 2, 1),
        Tense::Unknown => calendar::nearest_year(r, month, day),
    }
}

fn part_of_day(word: &str) -> &'static str {
    match word.to_ascii_lowercase().as_str() {
        "morning" => "TMO",
        "afternoon" => "TAF",
        "evening" => "TEV",
        _ => "TNI",
    }
}

fn with_part(day: String, part: Option<&str>) -> (TimexType, String) {
    match part {
        Some(p) => {
            let suffix = part_of_day(p);
            let kind = if suffix == "TNI" {
                TimexType::Date
            } else {
                TimexType::Time
            };
            (kind, format!("{day}{suffix}"))
        }
        None => (TimexType::Date, day),
    }
}

fn weekday(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let wd = lexicon::weekday(caps.name("wd")?.as_str())?;
    let rel = caps.name("rel").map(|m| m.as_str().to_ascii_lowercase());
    let part = caps.name("part").map(|m| m.as_str());
    let Some(r) = ctx.reference else {
        return Some(with_part(format(None, Grain::Day), part));
    };
    let d = match rel.as_deref() {
        Some("next") | Some("coming") => {
            let d = calendar::weekday_near(r, wd, false);
            if d == r {
                calendar::shift(r, 7, Unit::Day)?
            } else {
                d
            }
        }
        Some("last") | Some("past") => {
            let d = calendar::weekday_near(r, wd, true);
            if d == r {
                calendar::shift(r, -7, Unit::Day)?
            } else {
                d
            }
        }
        // "Wednesday's ruling" is a known, past event.
        _ if caps.name("part").is_none()
            && ctx.text.get(ctx.end..).is_some_and(|a| a.starts_with("'s")) =>
        {
            calendar::weekday_near(r, wd, true)
        }
        _ => calendar::weekday_near(r, wd, tense(ctx) != Tense::Future),
    };
    Some(with_part(format(Some(d), Grain::Day), part))
}

fn deictic(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let words = caps.get(0)?.as_str().to_ascii_lowercase();
    // "in today's world", "for today's youth", "many of today's
    // computers", "the people of tomorrow": the present or the future in
    // general, not a day ("in today's editions" is a day).
    let before = ctx.text.get(..ctx.start).unwrap_or("").to_ascii_lowercase();
    let after = ctx.text.get(ctx.end..).unwrap_or("");
    let generic_noun = after
        .strip_prefix("'s ")
        .and_then(|a| a.split(|c: char| !c.is_ascii_alphabetic()).next())
        .is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "world" | "youth" | "society" | "generation" | "young" | "children" | "kids"
            )
        });
    if (before.ends_with("of ") && after.starts_with("'s"))
        || generic_noun
        || (before.ends_with(" of ") && words == "tomorrow")
    {
        return None;
    }
    let words: Vec<&str> = words
        .split_whitespace()
        .skip_while(|w| matches!(*w, "early" | "late" | "earlier" | "later"))
        .collect();
    let (days, part): (i64, Option<&str>) = match words.as_slice() {
        ["the", "day", "before", "yesterday"] => (-2, None),
        ["the", "day", "after", "tomorrow"] => (2, None),
        ["yesterday"] => (-1, None),
        ["tomorrow"] => (1, None),
        ["today"] => (0, None),
        ["tonight"] => (0, Some("night")),
        ["overnight"] | ["last", "night"] => (-1, Some("night")),
        ["this", p] => (0, Some(*p)),
        ["yesterday", p] => (-1, Some(*p)),
        ["tomorrow", p] => (1, Some(*p)),
        ["today", p] => (0, Some(*p)),
        _ => return None,
    };
    let day = match ctx.reference {
        Some(r) => format(Some(calendar::shift(r, days, Unit::Day)?), Grain::Day),
        None => format(None, Grain::Day),
    };
    Some(with_part(day, part))
}

fn season(word: &str) -> Option<&'static str> {
    match word {
        "spring" => Some("SP"),
        "summer" => Some("SU"),
        "fall" | "autumn" => Some("FA"),
        "winter" => Some("WI"),
        _ => None,
    }
}

fn relative_period(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    // ABC's "This Week": a title in quotes.
    let quoted = ctx
        .text
        .get(..ctx.start)
        .is_some_and(|b| b.ends_with(['"', '`']));
    if quoted && caps.get(0)?.as_str() == "This Week" {
        return None;
    }
    let rel = caps.name("rel")?.as_str().to_ascii_lowercase();
    let word = caps.name("unit")?.as_str().to_ascii_lowercase();
    if rel == "the same" {
        return None;
    }
    // "the fiscal year", "the latest fiscal year": a company's year, the
    // current one or the one just closed; other units are not fiscal.
    if caps.name("fiscal").is_some() {
        if word != "year" {
            return None;
        }
        if rel == "the" {
            let after = ctx.text.get(ctx.end..).unwrap_or("");
            // "the fiscal year ended Jan. 31" is a stretch of twelve months.
            if after.starts_with(" end") {
                return Some((TimexType::Duration, "P1Y".into()));
            }
            return date(TimexType::Date, format(ctx.reference, Grain::Year));
        }
        if rel == "the latest" {
            let d = match ctx.reference {
                Some(r) => Some(calendar::shift(r, -1, Unit::Year)?),
                None => None,
            };
            return date(TimexType::Date, format(d, Grain::Year));
        }
    }
    // In company reports "the quarter" is the one just ended.
    if (rel == "the" || rel == "the latest") && word == "quarter" {
        let d = match ctx.reference {
            Some(r) => Some(calendar::shift(r, -3, Unit::Month)?),
            None => None,
        };
        return date(TimexType::Date, format(d, Grain::Quarter));
    }
    if rel == "the" && word != "weekend" {
        return None;
    }
    // "the past year" is annotated as the calendar year before, like
    // "last year" (TimeBank); with a count ("the past two years") it is a
    // duration, found by another rule.
    let step: i64 = match rel.as_str() {
        "last" | "past" | "previous" | "the previous" | "this past" | "the past" | "the last" => -1,
        "next" | "coming" | "this coming" | "the next" | "the coming" => 1,
        _ => 0,
    };
    if let Some(code) = season(&word) {
        let year = ctx.reference.map(|r| r.year() as i64 + step);
        return date(
            TimexType::Date,
            match year {
                Some(y) => format!("{y:04}-{code}"),
                None => format!("XXXX-{code}"),
            },
        );
    }
    if word == "weekend" {
        let Some(r) = ctx.reference else {
            return date(TimexType::Date, "XXXX-WXX-WE".into());
        };
        // "The weekend" early in the week is the one just past.
        let step = if rel == "the" && r.weekday().num_days_from_monday() < 3 {
            -1
        } else {
            step
        };
        let d = calendar::shift(r, step, Unit::Week)?;
        return date(
            TimexType::Date,
            format!("{}-WE", format(Some(d), Grain::Week)),
        );
    }
    let unit = lexicon::unit(&word)?;
    let d = match ctx.reference {
        Some(r) => Some(calendar::shift(r, step, unit)?),
        None => None,
    };
    date(TimexType::Date, format(d, unit.grain()))
}

fn quarter(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let ord = caps.name("ord").or_else(|| caps.name("ord2"))?;
    let q = match ord.as_str().to_ascii_lowercase().as_str() {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        _ => 4,
    };
    let step = match caps.name("rel").map(|m| m.as_str().to_ascii_lowercase()) {
        Some(r) if r == "last" => Some(-1),
        Some(r) if r == "next" => Some(1),
        Some(_) => Some(0),
        None if caps
            .name("back")
            .is_some_and(|m| m.as_str().starts_with("year")) =>
        {
            Some(-1)
        }
        None => None,
    };
    let year = match (num(caps, "y").or_else(|| num(caps, "y2")), ctx.reference) {
        (Some(y), _) => y as i32,
        (None, Some(r)) if step.is_some() => r.year() + step.unwrap_or(0),
        (None, Some(r)) => {
            // A quarter not yet begun is last year's: reports look back.
            let current = r.month0() / 3 + 1;
            if q > current {
                r.year() - 1
            } else {
                r.year()
            }
        }
        (None, None) => return date(TimexType::Date, format!("XXXX-Q{q}")),
    };
    date(TimexType::Date, format!("{year:04}-Q{q}"))
}

fn offset(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let unit = lexicon::unit(caps.name("unit")?.as_str())?;
    let dir = caps.name("dir")?.as_str().to_ascii_lowercase();
    let back = dir == "ago" || dir == "earlier";
    let Some(n) = lexicon::number(caps.name("n")?.as_str()) else {
        let v = if back { "PAST_REF" } else { "FUTURE_REF" };
        return date(TimexType::Date, v.into());
    };
    let n = i64::from(n);
    let d = match ctx.reference {
        Some(r) => Some(calendar::shift(r, if back { -n } else { n }, unit)?),
        None => None,
    };
    date(TimexType::Date, format(d, unit.grain()))
}

/// "three weeks", "the past two months", or the adjective "two-year" (whose
/// article stays outside: "the two-year contract").
fn duration(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    if is_age(ctx) || is_rate(caps, ctx) {
        return None;
    }
    let unit_word = caps.name("unit").or_else(|| caps.name("unit2"))?.as_str();
    let count_word = caps.name("n").or_else(|| caps.name("n2"))?.as_str();
    // "three-quarters" is a fraction and "a second time" an ordinal.
    let lower = unit_word.to_ascii_lowercase();
    if (caps.name("unit2").is_some() && lower == "quarters")
        || (count_word.eq_ignore_ascii_case("a") && lower == "second")
    {
        return None;
    }
    let fraction_count = matches!(
        count_word.to_ascii_lowercase().as_str(),
        "a" | "one" | "three"
    );
    if lower.starts_with("quarter") && fraction_count && is_fraction(ctx) {
        return None;
    }
    let unit = lexicon::unit(unit_word)?;
    let n = lexicon::number(count_word);
    if caps.name("frac").is_some() || caps.name("half").is_some() {
        if let Some(v) = n.and_then(|n| calendar::duration_and_a_half(n, unit)) {
            return Some((TimexType::Duration, v));
        }
    }
    Some((TimexType::Duration, calendar::duration_value(n, unit)))
}

/// Whether "three quarters" or "a quarter" is followed by "of" and
/// something that is not time: a fraction ("three quarters of the vote"),
/// not a stretch ("the first three quarters of the year").
fn is_fraction(ctx: &Ctx) -> bool {
    let after = ctx.text.get(ctx.end..).unwrap_or("");
    let Some(rest) = after.strip_prefix(" of ") else {
        return false;
    };
    let mut words = rest.split_whitespace();
    let mut next = words.next().unwrap_or("");
    if matches!(
        next.to_ascii_lowercase().as_str(),
        "the" | "this" | "that" | "its"
    ) {
        next = words.next().unwrap_or("");
    }
    let next = next
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_lowercase();
    let time_word = next.starts_with("19")
        || next.starts_with("20")
        || matches!(
            next.as_str(),
            "year" | "fiscal" | "last" | "next" | "current" | "decade" | "century"
        );
    !time_word
}

/// "$2 million a year", "four flights a week": a rate, not a stretch of time.
fn is_rate(caps: &Captures, ctx: &Ctx) -> bool {
    let Some(n) = caps.name("n") else {
        return false;
    };
    if n.start() != ctx.start || !matches!(n.as_str().to_ascii_lowercase().as_str(), "a" | "an") {
        return false;
    }
    let before = ctx.text.get(ctx.start.saturating_sub(40)..ctx.start);
    before.is_some_and(|b| {
        b.split_whitespace().rev().take(3).any(|w| {
            let w = w.to_ascii_lowercase();
            w.bytes().any(|c| c.is_ascii_digit())
                || matches!(
                    w.trim_end_matches([',', '.']),
                    "million" | "billion" | "trillion" | "percent" | "cents" | "dollars"
                )
                // "four flights a week", "three times a day".
                || (w != "one" && lexicon::number(&w).is_some_and(|n| n > 1))
                || w == "times"
        })
    })
}

/// "a 6-year-old boy", "52 years old": an age, not a stretch of time.
fn is_age(ctx: &Ctx) -> bool {
    let after = ctx.text.get(ctx.end..).unwrap_or("");
    after.starts_with("-old") || after.starts_with(" old")
}

fn vague_duration(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    if is_age(ctx) {
        return None;
    }
    // "three quarters of the vote", "living quarters": only "recent
    // quarters" and the like are stretches of time.
    if caps.name("rec").is_none() && caps.name("unit")?.as_str().eq_ignore_ascii_case("quarters") {
        return None;
    }
    let unit = lexicon::unit(caps.name("unit")?.as_str())?;
    match caps
        .name("rec")
        .map(|m| m.as_str().to_ascii_lowercase())
        .as_deref()
    {
        // "in past years" is a vague time before now; "in recent weeks" and
        // "the coming months" are stretches of unknown length.
        Some("past") => date(TimexType::Date, "PAST_REF".into()),
        Some("next") | Some("future") => date(TimexType::Date, "FUTURE_REF".into()),
        _ => Some((TimexType::Duration, calendar::duration_value(None, unit))),
    }
}

fn set_every(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let word = caps.name("unit")?.as_str().to_ascii_lowercase();
    let n = caps
        .name("n")
        .map_or(Some(1), |m| lexicon::number(m.as_str()));
    let value = match word.as_str() {
        "morning" => "TMO".to_string(),
        "evening" => "TEV".to_string(),
        "night" => "TNI".to_string(),
        "weekend" => "P1WE".to_string(),
        w => calendar::duration_value(n, lexicon::unit(w)?),
    };
    Some((TimexType::Set, value))
}

fn set_adverb(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let v = match caps.name("adv")?.as_str().to_ascii_lowercase().as_str() {
        "daily" => "P1D",
        "weekly" => "P1W",
        "monthly" => "P1M",
        "yearly" | "annually" => "P1Y",
        "hourly" => "PT1H",
        _ => "TNI",
    };
    Some((TimexType::Set, v.into()))
}

fn vague(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let w = caps.get(0)?.as_str().to_ascii_lowercase();
    let v = match w.as_str() {
        "now" | "currently" | "current" | "nowadays" | "these days" | "at present" => "PRESENT_REF",
        "the future" | "in future" => "FUTURE_REF",
        w if w.ends_with("future") || w.ends_with("term") => "FUTURE_REF",
        _ => "PAST_REF",
    };
    date(TimexType::Date, v.into())
}

fn clock_time(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let mut h = num(caps, "h")?;
    let min = num(caps, "min").unwrap_or(0);
    if !(1..=12).contains(&h) || min > 59 {
        return None;
    }
    let pm = caps
        .name("ampm")?
        .as_str()
        .to_ascii_lowercase()
        .starts_with('p');
    if pm && h != 12 {
        h += 12;
    } else if !pm && h == 12 {
        h = 0;
    }
    let day = format(ctx.reference, Grain::Day);
    Some((TimexType::Time, format!("{day}T{h:02}:{min:02}")))
}

fn noon_midnight(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    // "high noon" is an idiom (and a film), not a time of day.
    let before = ctx.text.get(..ctx.start).unwrap_or("").trim_end();
    if before.len() >= 4
        && before
            .get(before.len() - 4..)
            .is_some_and(|w| w.eq_ignore_ascii_case("high"))
    {
        return None;
    }
    let t = if caps.get(0)?.as_str().eq_ignore_ascii_case("noon") {
        "12:00"
    } else {
        "24:00"
    };
    let day = format(ctx.reference, Grain::Day);
    Some((TimexType::Time, format!("{day}T{t}")))
}

/// "the year-earlier quarter" without an antecedent: the quarter just ended,
/// a year before. The anaphora pass prefers a quarter named earlier.
fn year_back_quarter(_caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let d = match ctx.reference {
        Some(r) => Some(calendar::shift(r, -15, Unit::Month)?),
        None => None,
    };
    date(TimexType::Date, format(d, Grain::Quarter))
}

/// "10 p.m. Wednesday", "noon Thursday": the weekday's date at that time.
fn clock_on_weekday(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let (_, day) = if caps.name("wd").is_some() {
        weekday(caps, ctx)?
    } else {
        month_day(caps, ctx)?
    };
    let time = match caps.name("nm") {
        Some(m) if m.as_str().eq_ignore_ascii_case("noon") => "12:00".to_string(),
        Some(_) => "24:00".to_string(),
        None => {
            let (_, clock) = clock_time(caps, ctx)?;
            clock.rsplit('T').next()?.to_string()
        }
    };
    Some((TimexType::Time, format!("{day}T{time}")))
}

/// "the year ended June 30" is a twelve-month stretch; otherwise "the
/// year" of a news report is the current one ("a high for the year").
fn the_year(_caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let after = ctx.text.get(ctx.end..).unwrap_or("");
    if after.starts_with(" end") {
        return Some((TimexType::Duration, "P1Y".into()));
    }
    // "the year-ago quarter", "the year's results": part of a longer
    // expression or a modifier.
    if after.starts_with('-') || after.starts_with('\'') {
        return None;
    }
    date(TimexType::Date, format(ctx.reference, Grain::Year))
}

/// The day a holiday falls on in `year`.
fn holiday_in(name: &str, year: i32) -> Option<NaiveDate> {
    use chrono::Weekday;
    let nth =
        |month: u32, wd: Weekday, n: u8| NaiveDate::from_weekday_of_month_opt(year, month, wd, n);
    match name {
        "Thanksgiving" | "Thanksgiving Day" => nth(11, Weekday::Thu, 4),
        "Christmas" | "Christmas Day" => NaiveDate::from_ymd_opt(year, 12, 25),
        "Christmas Eve" => NaiveDate::from_ymd_opt(year, 12, 24),
        "New Year's Day" => NaiveDate::from_ymd_opt(year, 1, 1),
        "New Year's Eve" => NaiveDate::from_ymd_opt(year, 12, 31),
        "Independence Day" => NaiveDate::from_ymd_opt(year, 7, 4),
        "Labor Day" => nth(9, Weekday::Mon, 1),
        // The last Monday of May: the fifth if there is one.
        "Memorial Day" => nth(5, Weekday::Mon, 5).or_else(|| nth(5, Weekday::Mon, 4)),
        // The Tuesday after the first Monday of November.
        "Election Day" => nth(11, Weekday::Mon, 1)?.succ_opt(),
        _ => None,
    }
}

/// US holidays, in the year that puts them nearest the reference (past
/// biased), or the past or next one after "last" or "next".
fn holiday(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let name = caps.name("name")?.as_str();
    let Some(r) = ctx.reference else {
        return date(TimexType::Date, format(None, Grain::Day));
    };
    let rel = caps.name("rel").map(|m| m.as_str().to_ascii_lowercase());
    let years = [r.year() - 1, r.year(), r.year() + 1];
    let days: Vec<NaiveDate> = years.iter().filter_map(|&y| holiday_in(name, y)).collect();
    let chosen = match rel.as_deref() {
        Some("last") => days.iter().rev().find(|&&d| d < r).copied(),
        Some("next") => days.iter().find(|&&d| d > r).copied(),
        _ => days.iter().copied().min_by_key(|&d| {
            let gap = (d - r).num_days();
            if gap > 0 {
                gap * 5 / 4
            } else {
                -gap
            }
        }),
    }?;
    date(TimexType::Date, format(Some(chosen), Grain::Day))
}

/// "the full year" of a company report: the current year.
fn the_full_year(_caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    date(TimexType::Date, format(ctx.reference, Grain::Year))
}

/// "the latest period" of an earnings report: the quarter just ended.
fn latest_period(_caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let d = match ctx.reference {
        Some(r) => Some(calendar::shift(r, -3, Unit::Month)?),
        None => None,
    };
    date(TimexType::Date, format(d, Grain::Quarter))
}

/// "the 20th century" is the 1900s: TIMEX3 value `19`.
fn ordinal_century(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let n = num(caps, "ord")?.checked_sub(1)?;
    date(TimexType::Date, format!("{n:02}"))
}

/// "each Thursday", "every July", "on Mondays", "Tuesday nights": a named
/// day or month that recurs.
fn set_named(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    if let Some(m) = caps.name("mon") {
        let month = lexicon::month(m.as_str())?;
        return Some((TimexType::Set, format!("XXXX-{month:02}")));
    }
    let wd = caps
        .name("wd")
        .or_else(|| caps.name("wds"))
        .or_else(|| caps.name("wd2"))?;
    let day = lexicon::weekday(wd.as_str())?;
    if caps.name("wds").is_some() && !wd.as_str().ends_with("day") {
        return None;
    }
    let part = caps
        .name("part")
        .or_else(|| caps.name("parts"))
        .or_else(|| caps.name("parts2"))
        .map_or("", |p| part_of_day(p.as_str()));
    let n = day.number_from_monday();
    Some((TimexType::Set, format!("XXXX-WXX-{n}{part}")))
}

/// "the winter of 1994", "January nineteen ninety-seven".
fn season_or_month_of_year(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let year = match num(caps, "y") {
        Some(y) => y,
        None => {
            let tens = lexicon::number(caps.name("tens")?.as_str())?;
            let ones = caps
                .name("ones")
                .map_or(Some(0), |m| lexicon::number(m.as_str()))?;
            1900 + tens + ones
        }
    };
    if let Some(m) = caps.name("mon") {
        let month = lexicon::month(m.as_str())?;
        return date(TimexType::Date, format!("{year:04}-{month:02}"));
    }
    let code = season(&caps.name("season")?.as_str().to_ascii_lowercase())?;
    date(TimexType::Date, format!("{year:04}-{code}"))
}

/// "midday", "mid-afternoon": a time of the reference day.
fn mid_part_of_day(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let day = format(ctx.reference, Grain::Day);
    let t = match caps.name("part") {
        Some(p) => part_of_day(p.as_str()).to_string(),
        None => "T12:00".to_string(),
    };
    Some((TimexType::Time, format!("{day}{t}")))
}

/// "year-end", "by year's end": the end of the current year, written as the
/// year; "the year two thousand".
fn year_end(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    if caps.name("millennium").is_some() {
        return date(TimexType::Date, "2000".into());
    }
    let after = ctx.text.get(ctx.end..).unwrap_or("");
    // "year-end results" is a modifier; "year-end 1989" names its year.
    if after.starts_with(" results") || after.starts_with(" report") {
        return None;
    }
    date(TimexType::Date, format(ctx.reference, Grain::Year))
}

/// "the nineties", "the '80s": a decade of the twentieth century.
fn spelled_decade(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let w = caps.name("decade")?.as_str().to_ascii_lowercase();
    let d = match w.as_str() {
        "twenties" => 2,
        "thirties" => 3,
        "forties" => 4,
        "fifties" => 5,
        "sixties" => 6,
        "seventies" => 7,
        "eighties" => 8,
        "nineties" => 9,
        _ => u32::from(w.as_bytes().get(1)? - b'0'),
    };
    date(TimexType::Date, format!("19{d}"))
}

/// "the summer", "winter": the season of the reference year, or of the year
/// before when it has not begun yet. "Fall" alone is too often the verb.
fn bare_season(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let word = caps.name("season")?.as_str();
    // "Spring Street", "Summer Olympics": capitalised inside a sentence.
    let matched = caps.get(0)?.as_str();
    if word.starts_with(|c: char| c.is_ascii_uppercase()) && matched.len() == word.len() {
        let before = ctx.text.get(..ctx.start).unwrap_or("").trim_end();
        if !(before.is_empty() || before.ends_with(['.', '"', '\n'])) {
            return None;
        }
    }
    let w = word.to_ascii_lowercase();
    let code = season(&w)?;
    let Some(r) = ctx.reference else {
        return date(TimexType::Date, format!("XXXX-{code}"));
    };
    let begins = match code {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        _ => 12,
    };
    let year = if code == "WI" && r.month() <= 3 {
        r.year() - 1
    } else if r.month() >= begins {
        r.year()
    } else {
        r.year() - 1
    };
    date(TimexType::Date, format!("{year:04}-{code}"))
}

/// "that year", "the following day": resolved by the anaphora pass against
/// the date last mentioned; here against the reference, as a fallback.
fn anaphor(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let (kind, value) = super::anaphora::resolve_against(caps, ctx.reference)?;
    Some((kind, value))
}

/// "the 1988 period", "last year's quarter", "the same period last year": in
/// an earnings report, the quarter just ended, in the year named or in the
/// year before.
fn period_of_year(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let Some(r) = ctx.reference else {
        return date(TimexType::Date, "XXXX-QX".into());
    };
    let ended = calendar::shift(r, -3, Unit::Month)?;
    let q = ended.month0() / 3 + 1;
    let year = match num(caps, "y") {
        Some(y) => y as i32,
        None => ended.year() - 1,
    };
    date(TimexType::Date, format!("{year:04}-Q{q}"))
}

/// "14:00 GMT", "0735 GMT", "at 9:30": a 24-hour clock time on the
/// reference day. A bare "h:mm" needs a preposition before it ("at 9:30",
/// not "won 2:30").
fn clock_24h(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let (h, min) = match (num(caps, "h"), num(caps, "min")) {
        (Some(h), Some(min)) => (h, min),
        _ => (num(caps, "h4")?, num(caps, "min4")?),
    };
    // "10:35 a.m. (0735 GMT)": a conversion of the time just given.
    if ctx
        .text
        .get(..ctx.start)
        .is_some_and(|b| b.trim_end().ends_with('('))
    {
        return None;
    }
    if caps.name("tz").is_none() && caps.name("tz4").is_none() {
        let before = ctx.text.get(..ctx.start).unwrap_or("").to_ascii_lowercase();
        let prev = before.split_whitespace().next_back().unwrap_or("");
        // "2:30 p.m." belongs to the other clock rule.
        let after = ctx.text.get(ctx.end..).unwrap_or("").trim_start();
        let ampm = after.starts_with(['a', 'p', 'A', 'P']);
        if ampm
            || !matches!(
                prev,
                "at" | "by" | "until" | "till" | "around" | "from" | "before" | "after"
            )
        {
            return None;
        }
    }
    let day = format(ctx.reference, Grain::Day);
    Some((TimexType::Time, format!("{day}T{h:02}:{min:02}")))
}

/// "earlier in the year", "later in the month": the reference's week, month
/// or year ("later in the day" is mostly about the day of a narrated event).
fn within_current(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let grain = match caps.name("unit")?.as_str().to_ascii_lowercase().as_str() {
        "week" => Grain::Week,
        "month" => Grain::Month,
        _ => Grain::Year,
    };
    date(TimexType::Date, format(ctx.reference, grain))
}

/// "half an hour", "half a year": durations in the next smaller unit.
fn half_unit(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let v = match caps.name("unit")?.as_str().to_ascii_lowercase().as_str() {
        "hour" => "PT30M",
        "day" => "PT12H",
        "month" => "P15D",
        "year" => "P6M",
        "decade" => "P5Y",
        _ => "P50Y",
    };
    Some((TimexType::Duration, v.into()))
}

/// "yearlong", "day-long", "decades-long": a duration used as an adjective.
fn long_compound(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let unit = lexicon::unit(caps.name("unit")?.as_str())?;
    let n = if caps.name("plural").is_some() {
        None
    } else {
        Some(1)
    };
    Some((TimexType::Duration, calendar::duration_value(n, unit)))
}

/// "at a later date", "as soon as possible": a time in the future (or the
/// past) that the writer does not name.
fn unnamed_date(caps: &Captures, _ctx: &Ctx) -> Option<(TimexType, String)> {
    let back = caps
        .name("dir")
        .is_some_and(|m| m.as_str().eq_ignore_ascii_case("earlier"));
    let v = if back { "PAST_REF" } else { "FUTURE_REF" };
    date(TimexType::Date, v.into())
}

/// "for some time", "after a while": a stretch of unknown length; the
/// preposition stays outside the expression.
fn unspecified_stretch(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let span = caps.name("ext")?;
    // "some time ago" is a date, the offset rule's.
    let after = ctx.text.get(span.end()..).unwrap_or("");
    if after.trim_start().starts_with("ago") {
        return None;
    }
    Some((TimexType::Duration, "PXX".into()))
}

/// "4 in the morning", "eleven at night": an hour of the reference day.
fn hour_of_part(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let word = caps.name("h")?.as_str();
    let mut h = lexicon::number(word)?;
    if !(1..=12).contains(&h) {
        return None;
    }
    let part = caps.name("part").map(|p| p.as_str().to_ascii_lowercase());
    let afternoon = match part.as_deref() {
        Some("morning") => false,
        Some(_) => true,
        // "at night": from dusk ("eight at night") to the small hours
        // ("two at night"); "twelve at night" is midnight.
        None => (6..12).contains(&h),
    };
    if afternoon && h != 12 {
        h += 12;
    } else if h == 12 && part.as_deref() != Some("afternoon") {
        h = 0;
    }
    let day = format(ctx.reference, Grain::Day);
    Some((TimexType::Time, format!("{day}T{h:02}:00")))
}

/// "the end of the month", "the beginning of the week": a point in the
/// reference's month or week (TIMEX3 would add the position as a `mod`).
fn edge_of_current(caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let grain = match caps.name("unit")?.as_str().to_ascii_lowercase().as_str() {
        "week" => Grain::Week,
        _ => Grain::Month,
    };
    date(TimexType::Date, format(ctx.reference, grain))
}

/// "it soon will begin", "may soon seek": the near future. In a story told
/// in the past ("he was soon released") "soon" is relative to the event, and
/// "soon after", "as soon as" join clauses rather than name a time.
fn soon(_caps: &Captures, ctx: &Ctx) -> Option<(TimexType, String)> {
    let before = ctx.text.get(..ctx.start).unwrap_or("").trim_end();
    let after = ctx.text.get(ctx.end..).unwrap_or("").trim_start();
    let lower_after = after
        .get(..after.len().min(12))
        .unwrap_or("")
        .to_ascii_lowercase();
    let joins = before.to_ascii_lowercase().ends_with(" as")
        || ["after", "afterward", "thereafter", "as ", "when"]
            .iter()
            .any(|w| lower_after.starts_with(w));
    if joins || tense(ctx) == Tense::Past {
        return None;
    }
    date(TimexType::Date, "FUTURE_REF".into())
}
