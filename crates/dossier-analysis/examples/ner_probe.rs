//! Tags raw text with the built-in model and measures its speed.
//! cargo run --release -p dossier-analysis --example ner_probe -- [FILE...]

use std::time::Instant;

use dossier_analysis::ner::{tokenize::tokenize, NerModel};

const SEED: &[&str] = &[
    "Mohammed Shia Al-Sudani met CENTCOM officials in Baghdad.",
    "US strikes south of Baghdad killed eight Kataib Hezbollah members in Jurf al-Sakhar, the Popular Mobilization Forces said.",
    "Qassem Soleimani, the commander of the IRGC's Quds Force, was killed in 2020.",
    "A drone attacked Erbil airport, and a strike hit Hillah on Wednesday.",
    "Islamic State fighters remain active near Kirkuk, Mosul, Makhmour and Zumar in Nineveh province.",
    "US Central Command said the strikes targeted facilities used by Kataib Hezbollah.",
    "Rockets were fired at Ain al-Asad air base in western Iraq.",
    "Hamas and Israel have fought in Gaza since October, while militias in Syria and Iraq attacked US forces.",
];

fn main() {
    let t = Instant::now();
    let m = NerModel::builtin();
    m.tag_tokens(&["Warm", "up"]); // loads the word clusters too
    println!("load: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    for s in SEED {
        let ents: Vec<String> = m
            .entities(s)
            .iter()
            .map(|e| format!("{}/{}", &s[e.span.start..e.span.end], e.label.as_str()))
            .collect();
        println!("{s}\n  -> {}", ents.join(" | "));
    }
    let files: Vec<String> = std::env::args().skip(1).collect();
    let mut text = String::new();
    for f in &files {
        text.push_str(&std::fs::read_to_string(f).expect("read"));
        text.push('\n');
    }
    if text.is_empty() {
        text = SEED.join(" ");
    }
    let big = text.repeat((2_000_000 / text.len().max(1)).max(1));
    let ntok = tokenize(&big).len();
    let t = Instant::now();
    let n = m.entities(&big).len();
    let secs = t.elapsed().as_secs_f64();
    println!("entities(): {ntok} tokens, {n} mentions in {secs:.2}s = {:.0} tokens/s (tokenizer and sentence splitter included)", ntok as f64 / secs);
}
