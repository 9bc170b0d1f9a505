//! Event extraction and merging throughput on a generated corpus.
//!
//! Generates 10,000 short synthetic news articles in-process: real-world
//! event reports (several articles report each event, with other wording and
//! now and then another toll), plus background sentences. Then prints:
//! - the full pipeline (sentences, entities, time, events) in articles/s,
//! - event extraction alone on precomputed entities and time, in articles/s
//!   and events/s,
//! - merging at 1k, 2k, 5k and 10k articles (same density of events per day,
//!   the corpus being in date order), to show the time grows about linearly,
//! - how well merging recovers the generated events (purity, fragmentation).
//!
//! cargo run --release -p dossier-analysis --example bench_events [-- N_ARTICLES] [--explain]

use std::collections::HashMap;
use std::time::Instant;

use chrono::{Datelike, Days, NaiveDate};
use dossier_analysis::events::{self, EventInput, MentionRecord, PlaceRef};
use dossier_analysis::{ner::NerModel, sentences, time};

/// A small deterministic generator (xorshift64*), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const AGENTS: &[&str] = &[
    "U.S.",
    "Israeli",
    "Russian",
    "Turkish",
    "Iraqi",
    "Syrian",
    "Ukrainian",
    "Saudi",
    "French",
];
const GROUPS: &[&str] = &[
    "Kataib Hezbollah",
    "Hamas",
    "Hezbollah",
    "Islamic State",
    "Taliban",
    "Al-Shabaab",
    "Houthi",
    "Wagner Group",
    "Boko Haram",
    "Kurdistan Workers' Party",
];
const PLACES: &[&str] = &[
    "Baghdad",
    "Mosul",
    "Kirkuk",
    "Erbil",
    "Basra",
    "Aleppo",
    "Homs",
    "Raqqa",
    "Kabul",
    "Kandahar",
    "Gaza",
    "Sanaa",
    "Aden",
    "Tripoli",
    "Benghazi",
    "Mogadishu",
    "Gao",
    "Donetsk",
    "Kharkiv",
    "Odesa",
    "Idlib",
    "Deir ez-Zor",
    "Hillah",
    "Fallujah",
    "Ramadi",
    "Tikrit",
    "Maiduguri",
    "Timbuktu",
    "Marib",
    "Hodeidah",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const BACKGROUND: &[&str] = &[
    "The region has seen months of violence.",
    "Analysts said the situation remained tense.",
    "The government has promised an investigation.",
    "Talks between the sides stalled last year.",
    "Residents said they feared further escalation.",
    "The conflict has displaced hundreds of thousands of people.",
];
const NUMBER_WORDS: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    Airstrike,
    Drone,
    Clash,
    Bombing,
    Arrest,
    Protest,
}

/// A generated real-world event.
struct TrueEvent {
    kind: Kind,
    date: NaiveDate,
    agent: &'static str,
    group: &'static str,
    place: &'static str,
    toll: u32,
}

fn number(n: u32, rng: &mut Rng) -> String {
    if n <= 12 && rng.chance(50) {
        NUMBER_WORDS[n as usize].to_string()
    } else {
        n.to_string()
    }
}

/// How an article dates the event relative to its publication date.
fn date_phrase(event: &TrueEvent, published: NaiveDate, rng: &mut Rng) -> String {
    let back = (published - event.date).num_days();
    match rng.below(4) {
        0 if back == 1 => "overnight".to_string(),
        0 | 1 if back <= 6 => format!(
            "on {}",
            WEEKDAYS[event.date.weekday().num_days_from_monday() as usize]
        ),
        2 => format!(
            "on {} {}",
            MONTHS[event.date.month0() as usize],
            event.date.day()
        ),
        _ => String::new(),
    }
}

/// One report of an event, in one of several wordings.
fn render(event: &TrueEvent, published: NaiveDate, rng: &mut Rng) -> String {
    let when = date_phrase(event, published, rng);
    // Sources disagree on tolls now and then.
    let toll = if rng.chance(10) {
        event.toll + 1
    } else {
        event.toll
    };
    let n = number(toll, rng);
    let (a, g, p) = (event.agent, event.group, event.place);
    let s = match (event.kind, rng.below(2)) {
        (Kind::Airstrike, 0) => {
            format!("{a} airstrikes near {p} {when} killed {n} members of {g}.")
        }
        (Kind::Airstrike, _) => {
            format!("{g} said {n} of its fighters were killed in {a} strikes in {p} {when}.")
        }
        (Kind::Drone, 0) => {
            format!("A drone attack by {g} on {a} troops near {p} {when} wounded {n} soldiers.")
        }
        (Kind::Drone, _) => {
            format!("{g} launched a drone attack against {a} forces in {p} {when}, wounding {n}.")
        }
        (Kind::Clash, 0) => {
            format!("Clashes between {a} forces and {g} fighters near {p} {when} left {n} dead.")
        }
        (Kind::Clash, _) => format!("{n} people were killed in clashes with {g} in {p} {when}."),
        (Kind::Bombing, 0) => format!("A car bomb exploded in {p} {when}, killing {n} people."),
        (Kind::Bombing, _) => format!("A bombing claimed by {g} in {p} {when} killed {n} people."),
        (Kind::Arrest, 0) => {
            format!("{a} police arrested {n} suspected {g} members in {p} {when}.")
        }
        (Kind::Arrest, _) => {
            format!("Security forces detained {n} people linked to {g} in {p} {when}.")
        }
        (Kind::Protest, 0) => format!("Thousands protested in {p} {when} against {a} policy."),
        (Kind::Protest, _) => format!("Demonstrators rallied in {p} {when} to denounce {g}."),
    };
    s.replace("  ", " ").replace(" .", ".").replace(" ,", ",")
}

/// Events spread evenly over the corpus period, sorted by date.
fn true_events(n: usize, start: NaiveDate, days: u64, rng: &mut Rng) -> Vec<TrueEvent> {
    let kinds = [
        Kind::Airstrike,
        Kind::Drone,
        Kind::Clash,
        Kind::Bombing,
        Kind::Arrest,
        Kind::Protest,
    ];
    let mut out: Vec<TrueEvent> = (0..n)
        .map(|i| TrueEvent {
            kind: kinds[rng.below(kinds.len())],
            date: start + Days::new(i as u64 * days / n as u64),
            agent: rng.pick(AGENTS),
            group: rng.pick(GROUPS),
            place: rng.pick(PLACES),
            toll: 1 + rng.below(20) as u32,
        })
        .collect();
    out.sort_by_key(|e| e.date);
    out
}

struct Article {
    text: String,
    published: NaiveDate,
    /// (byte range of the report, true event index) for each report.
    truth: Vec<(std::ops::Range<usize>, usize)>,
}

/// Articles in date order; each reports a recent event and often a second one.
fn articles(
    n: usize,
    pool: &[TrueEvent],
    start: NaiveDate,
    days: u64,
    rng: &mut Rng,
) -> Vec<Article> {
    (0..n)
        .map(|i| {
            let published = start + Days::new(1 + i as u64 * days / n as u64);
            // Events of the last three days before publication.
            let recent: Vec<usize> = (0..pool.len())
                .filter(|&e| {
                    let back = (published - pool[e].date).num_days();
                    (0..=3).contains(&back)
                })
                .collect();
            let mut text = String::new();
            let mut truth = Vec::new();
            let reports = if rng.chance(40) { 2 } else { 1 };
            for _ in 0..reports {
                if recent.is_empty() {
                    break;
                }
                let e = recent[rng.below(recent.len())];
                let report = render(&pool[e], published, rng);
                truth.push((text.len()..text.len() + report.len(), e));
                text.push_str(&report);
                text.push(' ');
                text.push_str(rng.pick(BACKGROUND));
                text.push(' ');
            }
            text.push_str(rng.pick(BACKGROUND));
            Article {
                text,
                published,
                truth,
            }
        })
        .collect()
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date");
    let days = 730;
    // About four reports per event.
    let pool = true_events(n * 14 / 10 / 4, start, days, &mut rng);
    let t = Instant::now();
    let corpus = articles(n, &pool, start, days, &mut rng);
    let bytes: usize = corpus.iter().map(|a| a.text.len()).sum();
    println!(
        "corpus: {n} articles, {:.1} MB, {} generated events, built in {:.2} s",
        bytes as f64 / 1e6,
        pool.len(),
        t.elapsed().as_secs_f64()
    );

    NerModel::builtin().tag_tokens(&["Warm", "up"]);
    // Stage 1: sentences, entities, time (what the import does anyway).
    let t = Instant::now();
    let prepared: Vec<_> = corpus
        .iter()
        .map(|a| {
            let sentences = sentences::split(&a.text);
            let entities = NerModel::builtin().entities(&a.text);
            let timexes = time::tag(&a.text, Some(a.published));
            let places = PlaceRef::from_entities(&entities);
            (sentences, entities, timexes, places)
        })
        .collect();
    let upstream = t.elapsed().as_secs_f64();

    // Stage 2: event extraction alone.
    let t = Instant::now();
    let mut per_article = Vec::with_capacity(n);
    for (a, (sentences, entities, timexes, places)) in corpus.iter().zip(&prepared) {
        let input = EventInput {
            text: &a.text,
            sentences,
            entities,
            timexes,
            places,
            published: Some(a.published),
        };
        per_article.push(events::extract(&input));
    }
    let extraction = t.elapsed().as_secs_f64();
    let n_mentions: usize = per_article.iter().map(Vec::len).sum();
    println!(
        "sentences + entities + time: {:.2} s ({:.0} articles/s)",
        upstream,
        n as f64 / upstream
    );
    println!(
        "event extraction: {:.3} s ({:.0} articles/s, {:.0} event mentions/s, {n_mentions} mentions)",
        extraction,
        n as f64 / extraction,
        n_mentions as f64 / extraction
    );
    println!(
        "full pipeline: {:.0} articles/s",
        n as f64 / (upstream + extraction)
    );

    let mut records = Vec::with_capacity(n_mentions);
    let mut truth_of = Vec::with_capacity(n_mentions);
    let mut article_of_record = Vec::with_capacity(n_mentions);
    for (i, (a, mentions)) in corpus.iter().zip(per_article).enumerate() {
        for m in mentions {
            let truth = a
                .truth
                .iter()
                .find(|(range, _)| range.contains(&m.trigger.start))
                .map(|(_, e)| *e);
            truth_of.push(truth);
            article_of_record.push(i);
            records.push(MentionRecord::new(
                format!("a{i}"),
                &a.text,
                m,
                &prepared[i].3,
            ));
        }
    }

    // Merging: the first k articles cover the first k/n of the period at the
    // same density, so linear merging takes time proportional to k.
    println!("merge:");
    let mut per_mention_us = Vec::new();
    for k in [n / 10, n / 5, n / 2, n] {
        let upto = article_of_record.partition_point(|&a| a < k);
        let subset = &records[..upto];
        // Best of three: the machine may be busy with other work.
        let mut secs = f64::INFINITY;
        let mut merged = Vec::new();
        let mut stats = events::MergeStats::default();
        for _ in 0..3 {
            let t = Instant::now();
            (merged, stats) = events::merge_with_stats(subset);
            secs = secs.min(t.elapsed().as_secs_f64());
        }
        per_mention_us.push(secs * 1e6 / upto.max(1) as f64);
        println!(
            "  {k:>6} articles, {upto:>6} mentions -> {:>6} events in {:.3} s ({:.0} mentions/s, {:.1} µs/mention, {:.1} comparisons/mention)",
            merged.len(),
            secs,
            upto as f64 / secs,
            secs * 1e6 / upto.max(1) as f64,
            stats.comparisons as f64 / upto.max(1) as f64
        );
    }
    let (first, last) = (per_mention_us[0], *per_mention_us.last().expect("runs"));
    println!(
        "  time per mention at {}x the mentions: {:.2}x (1.0 = linear, {}x = quadratic)",
        10,
        last / first,
        10
    );

    // The worst case for blocking by name: every mention names the same
    // actor and place, so only the week and the family keep blocks small.
    let mut busy = records.clone();
    for r in &mut busy {
        r.actor_names
            .iter_mut()
            .for_each(|a| *a = "U.S.".to_string());
        if let Some(p) = &mut r.place {
            p.name = "Baghdad".to_string();
        }
    }
    println!("merge, every mention naming the same actor and place:");
    let mut busy_us = Vec::new();
    for k in [n / 10, n] {
        let upto = article_of_record.partition_point(|&a| a < k);
        let t = Instant::now();
        let (merged, stats) = events::merge_with_stats(&busy[..upto]);
        let secs = t.elapsed().as_secs_f64();
        busy_us.push(secs * 1e6 / upto.max(1) as f64);
        println!(
            "  {k:>6} articles, {upto:>6} mentions -> {:>6} events in {:.3} s ({:.1} µs/mention, {:.1} comparisons/mention)",
            merged.len(),
            secs,
            secs * 1e6 / upto.max(1) as f64,
            stats.comparisons as f64 / upto.max(1) as f64
        );
    }
    println!(
        "  time per mention at 10x the mentions: {:.2}x",
        busy_us[1] / busy_us[0]
    );

    // How well the generated events come back.
    let merged = events::merge(&records);
    let mut pure = 0;
    let mut counted = 0;
    let mut fragments: HashMap<usize, usize> = HashMap::new();
    for event in &merged {
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for &m in &event.mentions {
            if let Some(t) = truth_of[m] {
                *votes.entry(t).or_default() += 1;
            }
        }
        let total: usize = votes.values().sum();
        if let Some((&t, &best)) = votes
            .iter()
            .max_by_key(|(t, c)| (**c, std::cmp::Reverse(**t)))
        {
            pure += best;
            counted += total;
            *fragments.entry(t).or_default() += 1;
        }
    }
    if std::env::args().any(|a| a == "--explain") {
        explain_splits(&merged, &records, &truth_of, &corpus, &article_of_record);
    }
    let disputed = merged
        .iter()
        .filter(|e| !events::disagreements(e, &records).is_empty())
        .count();
    println!(
        "merge quality: purity {:.3} (mentions in their event's majority true event), {:.2} system events per reported true event, {} events with disagreements",
        pure as f64 / counted.max(1) as f64,
        fragments.values().sum::<usize>() as f64 / fragments.len().max(1) as f64,
        disputed
    );
}

/// Prints the mentions of a few generated events that merging split, to see why.
fn explain_splits(
    merged: &[events::Event],
    records: &[MentionRecord],
    truth_of: &[Option<usize>],
    corpus: &[Article],
    article_of_record: &[usize],
) {
    let mut by_truth: HashMap<usize, Vec<usize>> = HashMap::new();
    for (e, event) in merged.iter().enumerate() {
        for &m in &event.mentions {
            if let Some(t) = truth_of[m] {
                by_truth.entry(t).or_default().push(e);
            }
        }
    }
    for es in by_truth.values_mut() {
        es.sort();
        es.dedup();
    }
    let mut split: Vec<(&usize, &Vec<usize>)> =
        by_truth.iter().filter(|(_, es)| es.len() > 1).collect();
    split.sort();
    for (t, es) in split.into_iter().take(4) {
        println!("true event {t}:");
        for &e in es {
            for &m in &merged[e].mentions {
                if truth_of[m] != Some(*t) {
                    continue;
                }
                let r = &records[m];
                let text = &corpus[article_of_record[m]].text;
                let s = &text[r.mention.sentence.start..r.mention.sentence.end];
                println!(
                    "  E{e} {} {:?} place={:?} actors={:?} | {s}",
                    r.mention.kind.as_str(),
                    r.mention.date.as_ref().map(|d| &d.value),
                    r.place.as_ref().map(|p| &p.name),
                    r.actor_names
                );
            }
        }
    }
}
