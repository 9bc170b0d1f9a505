//! The benchmark loader: fills a library with a large generated corpus whose
//! annotations were computed once on a smaller set of articles and then
//! replicated, so that query figures at 100k and 1M articles do not wait on
//! hours of analysis (`dossier bench --load`).
//!
//! What it does, and why the result is a fair stand-in for an imported library:
//! - The first `templates` articles of the corpus (`corpus::generate`, the same
//!   seed and generator the import benchmark writes to files) are read by the
//!   plain-text reader and analysed in full, exactly as an import does.
//! - Article `i` is a copy of template `i % templates` in round
//!   `i / templates`. Round 0 is the templates themselves. In later rounds the
//!   content words outside every annotated span (entity, time, place, event
//!   trigger, actor and figure spans) are replaced by other words of the
//!   corpus vocabulary of the same byte length and about the same frequency
//!   rank, so every byte offset stays valid, each copy is a distinct text (new
//!   SHA-256, new search index terms), and a rewrite template and its original
//!   stay near-duplicates within a round because a round maps each word the
//!   same way. Copies keep the template's names and template words, so they
//!   are fingerprinted with each word tagged by the round (see `round_tagged`):
//!   the library then groups them into stories about as the imported corpus
//!   is grouped.
//! - Each round moves the publication date by a whole number of weeks (wrapping
//!   within the corpus' ten years, so weekdays stay right), and shifts the
//!   values of the temporal expressions and event dates by the same number of
//!   days, so events of different rounds do not merge into one and the
//!   timeline spreads over the years as it would.
//! - Every article is written by `Store::write_files`, the import's own write
//!   path (same schema and indexes, entity linking through aliases, place
//!   resolution, story assignment through the MinHash keys, search queue),
//!   in batches of the import's size; the search index catches up on the
//!   import's schedule, and events are rebuilt at the end as after an import.
//!
//! What differs from a real import: the text of the date line still gives the
//! template's date (the stored date is shifted), and names are the corpus' own
//! small cast, as in the generated corpus at any size.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use dossier_analysis::fingerprint::Signature;
use dossier_core::Span;
use dossier_readers::{read_file, Limits};
use dossier_store::{FileWrite, NewArticle, NewSource};

use crate::import::sha256_hex;
use crate::{analyse, corpus, ApiError, Library};

/// What to load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Articles in the library at the end.
    pub articles: usize,
    /// Articles analysed in full and replicated.
    pub templates: usize,
    /// Seed of the corpus generator.
    pub seed: u64,
}

/// What loading took.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub templates: usize,
    /// Reading and full analysis of the templates, on `threads` threads.
    pub analyse_seconds: f64,
    /// CPU time of the process during that analysis (all threads).
    pub analyse_cpu_seconds: f64,
    pub threads: usize,
    /// Articles stored.
    pub articles: usize,
    /// Bytes of article text stored.
    pub bytes: u64,
    /// Writing and indexing every article (the import's writer path).
    pub write_seconds: f64,
    /// The final merge of the event mentions still waiting for an event.
    pub events_seconds: f64,
    pub events_cpu_seconds: f64,
    /// Stopped before `articles` were written (the progress callback said so).
    pub stopped: bool,
}

/// Articles per write transaction, as in the import.
const BATCH_FILES: usize = 256;
/// How often the search index catches up, as in the import.
const INDEX_SYNC_EVERY: Duration = Duration::from_secs(3);
/// Monday 2014-12-29: the corpus' dates (2015 to 2024) wrap within 522 weeks of it.
const WRAP_WEEKS: i64 = 522;

/// Fills `library` (which should be empty) with `options.articles` articles.
/// `progress(done, total)` is called after each batch; when it returns
/// `false` the load stops there (what was written stays).
pub fn load(
    library: &Library,
    options: &LoadOptions,
    progress: &dyn Fn(usize, usize) -> bool,
) -> Result<LoadReport, ApiError> {
    let mut report = LoadReport::default();
    let started = Instant::now();
    let cpu = cpu_seconds();
    let templates = analyse_templates(options.templates.min(options.articles), options.seed);
    report.templates = templates.len();
    report.threads = threads();
    report.analyse_seconds = started.elapsed().as_secs_f64();
    report.analyse_cpu_seconds = cpu_seconds() - cpu;
    if templates.is_empty() {
        return Ok(report);
    }
    let vocabulary = Vocabulary::new();
    let store = library.store();
    let total = options.articles;
    let started = Instant::now();
    let (tx, rx) = mpsc::sync_channel::<(u64, FileWrite)>(BATCH_FILES * 2);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| -> Result<(), ApiError> {
        // One producer is enough: making a copy costs far less than writing it.
        {
            let (templates, vocabulary, next) = (&templates, &vocabulary, &next);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let write = replica(templates, vocabulary, options.seed, i);
                if tx.send(write).is_err() {
                    break;
                }
            });
        }
        let mut batch = Vec::with_capacity(BATCH_FILES);
        let mut last_sync = Instant::now();
        let mut done = 0;
        let mut flush = |batch: &mut Vec<FileWrite>, report: &mut LoadReport| {
            let n = batch.len();
            let results = store.write_files(std::mem::take(batch))?;
            report.articles += results.iter().filter(|r| r.is_ok()).count();
            done += n;
            let go_on = progress(done, total);
            // As the import does: search catches up every few seconds, events
            // in large steps.
            if last_sync.elapsed() >= INDEX_SYNC_EVERY {
                store.sync_index_keeping_writer()?;
                store.merge_events_waiting(crate::import::MERGE_EVENTS_AT)?;
                last_sync = Instant::now();
            }
            Ok::<bool, ApiError>(go_on)
        };
        for (bytes, write) in rx.iter() {
            report.bytes += bytes;
            batch.push(write);
            if batch.len() == BATCH_FILES && !flush(&mut batch, &mut report)? {
                report.stopped = true;
                break;
            }
        }
        if !batch.is_empty() && !report.stopped {
            flush(&mut batch, &mut report)?;
        }
        // Dropping the receiver stops the producer.
        drop(rx);
        Ok(())
    })?;
    store.sync_index()?;
    report.write_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let cpu = cpu_seconds();
    store.merge_new_events()?;
    report.events_seconds = started.elapsed().as_secs_f64();
    report.events_cpu_seconds = cpu_seconds() - cpu;
    Ok(report)
}

/// CPU time this process has used (user + system, all threads), in seconds;
/// 0 where `/proc` is missing.
pub fn cpu_seconds() -> f64 {
    // Fields 14 and 15 of /proc/self/stat, in clock ticks (100 per second on
    // Linux); the command name may hold spaces, so count from its ')'.
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = &s[s.rfind(')')? + 2..];
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// An analysed article to copy from.
struct Template {
    name: String,
    reader: String,
    article: NewArticle,
    /// Bytes inside some annotated span: never rewritten.
    protected: Vec<bool>,
}

/// Reads and analyses the first `n` corpus articles on every core.
fn analyse_templates(n: usize, seed: u64) -> Vec<Template> {
    let mut texts = Vec::with_capacity(n);
    corpus::generate(n, seed, |i, text| texts.push((i, text.to_string())));
    let next = AtomicUsize::new(0);
    let mut out: Vec<(usize, Template)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads())
            .map(|_| {
                let (texts, next) = (&texts, &next);
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some((i, text)) = texts.get(k) else { break };
                        if let Some(t) = template(*i, text) {
                            mine.push((*i, t));
                        }
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, t)| t).collect()
}

fn template(i: usize, text: &str) -> Option<Template> {
    let name = format!("article-{i:07}.txt");
    let item = read_file(&name, text.as_bytes().to_vec(), &Limits::default()).pop()?;
    let document = item.result.ok()?.pop()?;
    let article = analyse::analyse(document);
    let mut protected = vec![false; article.document.text.len()];
    for span in annotated_spans(&article) {
        for p in protected.iter_mut().take(span.end).skip(span.start) {
            *p = true;
        }
    }
    Some(Template {
        name,
        reader: item.reader.unwrap_or("txt").to_string(),
        article,
        protected,
    })
}

/// Every span an annotation points to.
fn annotated_spans(article: &NewArticle) -> Vec<Span> {
    let a = &article.annotations;
    let mut spans: Vec<Span> = a.mentions.iter().map(|m| m.span).collect();
    spans.extend(a.timexes.iter().map(|t| t.span));
    spans.extend(a.places.iter().map(|p| p.span));
    for r in &a.events {
        let m = &r.mention;
        spans.push(m.trigger);
        spans.extend(m.place);
        spans.extend(m.actors.iter().map(|x| x.span));
        spans.extend(m.figures.iter().map(|f| f.span));
        spans.extend(m.date.as_ref().and_then(|d| d.span));
    }
    spans
}

/// Article `i`: its (bytes of text, write).
fn replica(
    templates: &[Template],
    vocabulary: &Vocabulary,
    seed: u64,
    i: usize,
) -> (u64, FileWrite) {
    let t = &templates[i % templates.len()];
    let round = (i / templates.len()) as u64;
    let source = &t.article;
    let mut document = source.document.clone();
    let mut annotations = source.annotations.clone();
    let mut minhash = source.minhash.clone();
    let mut name = t.name.clone();
    if round > 0 {
        name = format!("article-{i:07}.txt");
        document.text = vocabulary.rewrite(&document.text, &t.protected, seed, round);
        let weeks =
            (mix(seed ^ round.wrapping_mul(0x2545_f491_4f6c_dd1d)) % WRAP_WEEKS as u64) as i64;
        if let Some(published) = document.published.as_mut() {
            let delta = wrapped(published.date, weeks) - published.date;
            let days = delta.num_days();
            published.date += delta;
            for timex in &mut annotations.timexes {
                timex.value = shift_value(&timex.value, days);
            }
            for record in &mut annotations.events {
                if let Some(date) = record.mention.date.as_mut() {
                    date.value = shift_value(&date.value, days);
                }
            }
        }
        let text = round_tagged(&document.analysis_text(), round);
        minhash = Signature::of(&text).map(|sig| (sig.to_bytes(), sig.lookup_keys()));
    }
    let bytes = document.text.as_bytes().to_vec();
    let sha256 = sha256_hex(&bytes);
    let size = bytes.len() as u64;
    let write = FileWrite {
        file_sha256: sha256.clone(),
        name: name.clone(),
        sources: vec![NewSource {
            sha256,
            name: name.clone(),
            path: Some(format!("bench/{name}")),
            reader: t.reader.clone(),
            bytes,
            articles: vec![NewArticle {
                document,
                sentences: source.sentences.clone(),
                minhash,
                annotations,
            }],
        }],
        complete: true,
    };
    (size, write)
}

/// The text a copy is fingerprinted by: every word tagged with the round.
/// Copies of one template in different rounds share its names and template
/// words by construction, far more than two generated articles do, and would
/// all be grouped as one story; tagged, they share no word triple, while a
/// template and its rewrite in the same round stay versions of one story.
fn round_tagged(text: &str, round: u64) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_word = false;
    for c in text.chars() {
        let word = c.is_alphanumeric();
        if in_word && !word {
            out.push_str(&format!("x{round}"));
        }
        in_word = word;
        out.push(c);
    }
    if in_word {
        out.push_str(&format!("x{round}"));
    }
    out
}

fn epoch_monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2014, 12, 29).expect("a valid date")
}

/// `date` moved by `weeks`, wrapping within the corpus' 522 weeks.
fn wrapped(date: NaiveDate, weeks: i64) -> NaiveDate {
    let base = epoch_monday();
    let period = WRAP_WEEKS * 7;
    let offset = ((date - base).num_days() + weeks * 7).rem_euclid(period);
    base + chrono::Duration::days(offset)
}

/// A TIMEX3 value moved by `days`: full dates and ISO weeks exactly, months
/// and years by where their middle lands; vague values (`PAST_REF`,
/// `XXXX-11-22`, durations) unchanged.
pub(crate) fn shift_value(value: &str, days: i64) -> String {
    let delta = chrono::Duration::days(days);
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
            .then(|| value[range].parse::<u32>().ok())
            .flatten()
    };
    let Some(year) = digits(0..4) else {
        return value.to_string();
    };
    if b.get(4) == Some(&b'-') {
        if let (Some(_), Some(b'-'), Some(_)) = (digits(5..7), b.get(7), digits(8..10)) {
            if let Ok(d) = NaiveDate::parse_from_str(&value[..10], "%Y-%m-%d") {
                return format!("{}{}", (d + delta).format("%Y-%m-%d"), &value[10..]);
            }
        }
        if b.get(5) == Some(&b'W') {
            if let Some(week) = digits(6..8) {
                if let Some(monday) =
                    NaiveDate::from_isoywd_opt(year as i32, week, chrono::Weekday::Mon)
                {
                    let w = (monday + delta).iso_week();
                    return format!("{:04}-W{:02}{}", w.year(), w.week(), &value[8..]);
                }
            }
        }
        if let (Some(month), 7) = (digits(5..7), value.len()) {
            if let Some(d) = NaiveDate::from_ymd_opt(year as i32, month, 15) {
                return (d + delta).format("%Y-%m").to_string();
            }
        }
    }
    match NaiveDate::from_ymd_opt(year as i32, 7, 1) {
        Some(d) => format!("{:04}{}", (d + delta).year(), &value[4..]),
        None => value.to_string(),
    }
}

/// The corpus' content words by byte length, most frequent first, to rewrite
/// copies without moving any offset.
struct Vocabulary {
    /// word → (length, position in `by_length[length]`)
    index: HashMap<String, (usize, usize)>,
    by_length: HashMap<usize, Vec<String>>,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        let mut index = HashMap::new();
        let mut by_length: HashMap<usize, Vec<String>> = HashMap::new();
        for word in corpus::vocabulary().into_iter().skip(1) {
            if index.contains_key(&word) {
                continue;
            }
            let list = by_length.entry(word.len()).or_default();
            index.insert(word.clone(), (word.len(), list.len()));
            list.push(word);
        }
        Vocabulary { index, by_length }
    }

    /// `text` with each content word outside `protected` replaced by the word
    /// this round maps it to: same length, rank within a factor of two.
    fn rewrite(&self, text: &str, protected: &[bool], seed: u64, round: u64) -> String {
        let b = text.as_bytes();
        let mut out = b.to_vec();
        let mut i = 0;
        while i < b.len() {
            let starts_word =
                b[i].is_ascii_lowercase() && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
            if !starts_word {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < b.len() && b[j].is_ascii_lowercase() {
                j += 1;
            }
            let whole = j == b.len() || !(b[j].is_ascii_alphanumeric() || b[j] >= 0x80);
            if whole && !protected[i..j].iter().any(|&p| p) {
                if let Some(&(len, pos)) = self.index.get(&text[i..j]) {
                    let list = &self.by_length[&len];
                    let (lo, hi) = (pos / 2, (pos * 2 + 2).min(list.len()));
                    let h = mix(seed
                        ^ round.wrapping_mul(0x9e37_79b9)
                        ^ ((len as u64) << 40)
                        ^ pos as u64);
                    let pick = lo + (h % (hi - lo) as u64) as usize;
                    out[i..j].copy_from_slice(list[pick].as_bytes());
                }
            }
            i = j;
        }
        // Only ASCII letters were replaced by ASCII letters.
        String::from_utf8(out).unwrap_or_else(|_| text.to_string())
    }
}

/// SplitMix64's finaliser: a well-spread hash of one number.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_move_by_whole_days() {
        assert_eq!(shift_value("2023-11-22", 7), "2023-11-29");
        assert_eq!(shift_value("2023-11-21TNI", -21), "2023-10-31TNI");
        assert_eq!(shift_value("2023-W47", 14), "2023-W49");
        assert_eq!(shift_value("2023-11", 28), "2023-12");
        assert_eq!(shift_value("2023", 364), "2024");
        assert_eq!(shift_value("2023-Q4", 364), "2024-Q4");
        for vague in ["PAST_REF", "XXXX-11-22", "P3W"] {
            assert_eq!(shift_value(vague, 700), vague);
        }
    }

    #[test]
    fn copies_keep_every_offset_and_differ_in_words() {
        let vocabulary = Vocabulary::new();
        let mut text = None;
        corpus::generate(1, 3, |_, t| text = Some(t.to_string()));
        let text = text.unwrap();
        let protected = vec![false; text.len()];
        let copy = vocabulary.rewrite(&text, &protected, 1, 1);
        assert_eq!(copy.len(), text.len());
        assert_ne!(copy, text);
        assert_eq!(copy, vocabulary.rewrite(&text, &protected, 1, 1));
        let all = vec![true; text.len()];
        assert_eq!(vocabulary.rewrite(&text, &all, 1, 1), text);
    }

    #[test]
    fn wrapped_dates_keep_their_weekday() {
        let d = NaiveDate::from_ymd_opt(2024, 12, 20).unwrap();
        let w = wrapped(d, 10);
        assert_eq!(w.weekday(), d.weekday());
        assert!(w.year() >= 2014 && w.year() <= 2024, "{w}");
    }
}
