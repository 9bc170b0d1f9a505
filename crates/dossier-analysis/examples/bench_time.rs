//! Temporal tagger throughput in tokens/s on one core.
//!
//! With a directory, tags the `<TEXT>` of every `.tml` file in it (tags
//! stripped crudely, each file against a fixed reference) repeated until at
//! least a million tokens have been tagged; without one, a news-like text
//! built in-process. Tokens are whitespace-separated words.
//!
//! cargo run --release -p dossier-analysis --example bench_time [-- DIR]

use std::time::Instant;

use chrono::NaiveDate;
use dossier_analysis::time;

const SAMPLE: &str = "WASHINGTON (AP) -- U.S. forces struck two sites south of Baghdad \
overnight, officials said Wednesday, 11/22/2023. The militia said on Oct. 17 that it had \
attacked bases since Tuesday, and for three weeks officials said nothing. A year ago, the \
same group claimed an attack in the 1990s style; earlier this month it vowed to fight \
on until next spring. The company reported third-quarter profit of $4.2 million, up from \
$3.1 million a year earlier, and said it expects sales to rise in the fourth quarter. \
Shares closed at 42.5 on the New York Stock Exchange, where volume totalled 1.2 million \
shares, compared with an average of 900,000 shares over the past three months. \
The minister, who arrived late last night, will meet his counterpart at 10 a.m. Thursday \
and fly home the following day. ";

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn texts(dir: Option<String>) -> Vec<String> {
    let Some(dir) = dir else {
        return vec![SAMPLE.repeat(50)];
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|raw| {
            let start = raw.find("<TEXT>")? + "<TEXT>".len();
            let end = raw.find("</TEXT>")?;
            Some(strip_tags(raw.get(start..end)?))
        })
        .collect()
}

fn main() {
    let texts = texts(std::env::args().nth(1));
    let reference = NaiveDate::from_ymd_opt(1998, 3, 4);
    let per_round: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    assert!(per_round > 0, "no text to tag");
    // Warm up: compiles the rules once.
    let _ = time::tag("yesterday", reference);
    let (mut tokens, mut found) = (0usize, 0usize);
    let start = Instant::now();
    while tokens < 1_000_000 {
        for t in &texts {
            found += time::tag(t, reference).len();
        }
        tokens += per_round;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "time tagger: {tokens} tokens, {found} expressions in {secs:.2} s: {:.0} tokens/s",
        tokens as f64 / secs
    );
}
