//! A generator of realistic synthetic news articles for benchmarks: headlines,
//! bylines, datelines, people, organisations, places, dates, figures, and
//! near-duplicate rewrites of earlier stories, from a seed (same seed, same corpus).

use std::fmt::Write as _;
use std::path::Path;

const PEOPLE: &[&str] = &[
    "Mohammed Shia Al-Sudani",
    "Qassem Soleimani",
    "Lloyd Austin",
    "Antony Blinken",
    "Ahmed Rasheed",
    "Timour Azhari",
    "Fuad Hussein",
    "Masrour Barzani",
    "Hadi al-Amiri",
    "Nouri al-Maliki",
    "John Kirby",
    "Jake Sullivan",
    "Ismail Haniyeh",
    "Benjamin Netanyahu",
    "Ebrahim Raisi",
    "Hossein Amir-Abdollahian",
    "Recep Tayyip Erdogan",
    "Bashar al-Assad",
    "Muqtada al-Sadr",
    "Ali Khamenei",
];
const ORGS: &[&str] = &[
    "Kataib Hezbollah",
    "Popular Mobilization Forces",
    "US Central Command",
    "Islamic Revolutionary Guard Corps",
    "Hamas",
    "Islamic State",
    "the Pentagon",
    "the United Nations",
    "the Iraqi government",
    "Reuters",
    "the Kurdistan Regional Government",
    "Harakat al-Nujaba",
    "the State Department",
    "NATO",
    "the Red Cross",
];
const PLACES: &[&str] = &[
    "Baghdad",
    "Jurf al-Sakhar",
    "Hillah",
    "Erbil",
    "Kirkuk",
    "Ain al-Asad",
    "Mosul",
    "Makhmour",
    "Zumar",
    "Nineveh",
    "Gaza",
    "Syria",
    "Basra",
    "Najaf",
    "Karbala",
    "Fallujah",
    "Ramadi",
    "Tikrit",
    "Sulaymaniyah",
    "Damascus",
    "Beirut",
    "Amman",
    "Tehran",
    "Deir ez-Zor",
    "al-Qaim",
];
const OUTLETS: &[&str] = &[
    "Reuters",
    "Al-Monitor",
    "Atlas News",
    "The National",
    "Rudaw",
    "AP",
    "AFP",
    "Kurdistan 24",
];
const EVENTS: &[&str] = &[
    "an airstrike",
    "a drone attack",
    "a rocket attack",
    "a roadside bombing",
    "clashes",
    "a protest",
    "a raid",
    "an ambush",
    "a ceasefire agreement",
    "talks",
    "a statement",
    "a press conference",
];
const VERBS: &[&str] = &[
    "condemned",
    "confirmed",
    "denied",
    "reported",
    "announced",
    "criticised",
    "welcomed",
    "investigated",
    "warned about",
    "responded to",
];
const MONTHS: &[&str] = &[
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
/// Sentence shapes; `{P}` person, `{O}` organisation, `{L}` place, `{E}` event,
/// `{V}` verb, `{N}` number, `{T}` time expression, `{W}` a content word.
// Fixed words are kept to stopwords and short runs so that, as in real news,
// two unrelated articles share few word triples.
const TEMPLATES: &[&str] = &[
    "{P} said {W} {W} had {V} {E} in {L} {T}, citing {W} {W} and {W}.",
    "The {W} {W} near {L} was {W} after {E}, {W} to {O}.",
    "At least {N} {W} were {W} and {N} {W} in {E} on a {W} {W} in {L} {T}.",
    "{O} {W} the {W} as a {W} {W}, and {P} {W} for {W} {W}.",
    "{W} of {L} {W} {W} {W} and {W} {W} after {E} {T}.",
    "{P}, {W} to {O}, {V} the {W} {W} and {W} of {W} {W}.",
    "The {W} {W} of {L} has {W} {N} {W} {W} since {T}.",
    "{O} {V} {E} {W} {W} {W} outside {L}, the {N}th such {W} this {W}.",
    "{W} in {L} said the {W} {W} would {W} the {W} {W} by {T}.",
    "{W} {W} said {E} {W} a {W} {W} between {O} and {O}.",
    "{P} {W} {W} in {L} that {N} {W} {W} had been {W} {T}.",
    "A {W} for {O} {V} {W} of {W} {W} near {L}.",
];
const TIMES: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "last night",
    "overnight",
    "earlier this week",
    "a year ago",
    "in early March",
    "since October",
    "on Oct. 17",
    "about 24 hours earlier",
    "last month",
];
const SYLLABLES: &[&str] = &[
    "ka", "ri", "to", "mel", "sar", "din", "ven", "lo", "qu", "bra", "ths", "or", "im", "pel",
    "nat", "ur", "es", "an", "cor", "dis", "fa", "gen", "hal", "jur", "lem", "mon", "nor", "pra",
    "sel", "tor", "var", "wen", "zi",
];

/// A content word of the synthetic vocabulary: frequent words are picked far
/// more often than rare ones (roughly Zipf), as in real text.
fn content_word(rng: &mut Rng) -> String {
    let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let rank = ((VOCABULARY_SIZE as f64).powf(u)) as u64;
    word_of_rank(rank.min(VOCABULARY_SIZE - 1))
}

fn sentence(rng: &mut Rng) -> String {
    let template = rng.pick(TEMPLATES);
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let slot = &rest[open + 1..open + 2];
        match slot {
            "P" => out.push_str(rng.pick(PEOPLE)),
            "O" => out.push_str(rng.pick(ORGS)),
            "L" => out.push_str(rng.pick(PLACES)),
            "E" => out.push_str(rng.pick(EVENTS)),
            "V" => out.push_str(rng.pick(VERBS)),
            "N" => out.push_str(&(2 + rng.below(200)).to_string()),
            "T" => out.push_str(rng.pick(TIMES)),
            _ => out.push_str(&content_word(rng)),
        }
        rest = &rest[open + 3..];
    }
    out.push_str(rest);
    out
}

/// A small, fast, seedable random generator (SplitMix64): benchmarks must be reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// One generated article as plain text.
pub fn article(rng: &mut Rng, index: usize) -> String {
    let place = rng.pick(PLACES);
    let org = rng.pick(ORGS);
    let event = rng.pick(EVENTS);
    let (year, month, day) = (2015 + rng.below(10), rng.below(12), 1 + rng.below(28));
    let mut text = String::with_capacity(3000);
    let _ = writeln!(
        text,
        "{} {} {} in {}\n",
        capitalise(org),
        rng.pick(VERBS),
        event,
        place
    );
    let _ = writeln!(text, "By {} and {}\n", rng.pick(PEOPLE), rng.pick(PEOPLE));
    let _ = writeln!(text, "{} {day}, {year}\n", MONTHS[month]);
    let killed = rng.below(30);
    let _ = writeln!(
        text,
        "{} ({}) - {} {} {} near {} on {}, killing {killed} people and wounding {}, officials said. Report {index}.\n",
        place.to_uppercase(),
        rng.pick(OUTLETS),
        capitalise(rng.pick(ORGS)),
        rng.pick(VERBS),
        event,
        rng.pick(PLACES),
        rng.pick(&["Tuesday", "Wednesday", "last night", "overnight", "on Monday", "earlier this week"]),
        rng.below(60)
    );
    for _ in 0..(4 + rng.below(6)) {
        for _ in 0..(2 + rng.below(3)) {
            text.push_str(&sentence(rng));
            text.push(' ');
        }
        text.push_str("\n\n");
    }
    text
}

/// A rewrite of `original` as another outlet would publish it: same facts,
/// some sentences dropped, a different opening.
pub fn rewrite(rng: &mut Rng, original: &str) -> String {
    let mut out = String::new();
    for (i, paragraph) in original.split("\n\n").enumerate() {
        if i > 3 && rng.below(4) == 0 {
            continue;
        }
        if i == 1 {
            let _ = write!(out, "By {}\n\n", rng.pick(PEOPLE));
            continue;
        }
        out.push_str(paragraph);
        out.push_str("\n\n");
    }
    out
}

/// Writes `n` articles as `.txt` files under `dir` (about one in ten a rewrite
/// of an earlier one); returns the total bytes written.
pub fn write_corpus(dir: &Path, n: usize, seed: u64) -> std::io::Result<u64> {
    let mut total = 0u64;
    let mut result = Ok(());
    generate(n, seed, |i, text| {
        if result.is_err() {
            return;
        }
        // Folders of 1,000 files keep directory listings fast.
        let sub = dir.join(format!("{:04}", i / 1000));
        result = std::fs::create_dir_all(&sub)
            .and_then(|_| std::fs::write(sub.join(format!("article-{i:07}.txt")), text));
        total += text.len() as u64;
    });
    result.map(|_| total)
}

/// Generates the `n` articles of the corpus in order, handing each to `each`
/// with its index (the same articles [`write_corpus`] writes).
pub fn generate(n: usize, seed: u64, mut each: impl FnMut(usize, &str)) {
    let mut rng = Rng::new(seed);
    let mut recent: Vec<String> = Vec::new();
    for i in 0..n {
        let text = if !recent.is_empty() && rng.below(10) == 0 {
            let k = rng.below(recent.len());
            rewrite(&mut rng, &recent[k])
        } else {
            article(&mut rng, i)
        };
        each(i, &text);
        if recent.len() < 64 {
            recent.push(text);
        } else {
            let k = rng.below(64);
            recent[k] = text;
        }
    }
}

/// The content-word vocabulary, most frequent first: `vocabulary()[r]` is the
/// word of Zipf rank `r` (index 0 unused). Different ranks may spell the same
/// word.
pub fn vocabulary() -> Vec<String> {
    (0..VOCABULARY_SIZE).map(word_of_rank).collect()
}

const VOCABULARY_SIZE: u64 = 20_000;

fn word_of_rank(rank: u64) -> String {
    let mut word = String::new();
    let mut r = rank.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ rank;
    for _ in 0..(2 + rank % 3) {
        word.push_str(SYLLABLES[(r % SYLLABLES.len() as u64) as usize]);
        r /= SYLLABLES.len() as u64;
    }
    word
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let a = article(&mut Rng::new(7), 1);
        let b = article(&mut Rng::new(7), 1);
        assert_eq!(a, b);
        assert_ne!(a, article(&mut Rng::new(8), 1));
        assert!(a.contains("\n\nBy "), "has a byline: {a}");
    }
}
