//! A stable-Rust fuzzer for every reader: the fixtures in `tests/fixtures/`
//! mutated (bit flips, byte overwrites, truncation, splices with other files,
//! repeated chunks, inserted NULs and format keywords, huge numbers) and
//! generated ZIP archives (mutated entries, nested archives, hostile names),
//! each read through `read_file` as the importer calls it.
//!
//! For every input it asserts what the readers promise: no panic escapes
//! dispatch and none is contained either (an `Internal` outcome is a bug), no
//! hang (each input runs on a worker under a watchdog), and memory stays
//! bounded (a counting allocator records the peak of each input). A failing
//! input is written to `$CARGO_TARGET_TMPDIR/fuzz-failures/` for reproduction.
//!
//! `DOSSIER_FUZZ_INPUTS` sets how many inputs to try (default 3,000, a short
//! run for CI); `DOSSIER_FUZZ_SEED` the seed (default 1). The test prints how
//! many inputs each reader saw; docs/reliability.md records the figures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dossier_readers::{read_file, reader_for, Limits, ReadErrorKind};

/// Counts live heap bytes and their peak, so each input's memory can be bounded.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How long one input may take before the run is declared hung. Generous:
/// debug builds on a loaded CI machine are slow, and a real hang never ends.
const HANG_LIMIT: Duration = Duration::from_secs(60);
/// Most heap one input may use on top of what was live before it. Inputs are
/// a few KB to a few MB; the readers' `Limits` allow far more for real files,
/// so this only catches allocations driven by a lying header.
const MEMORY_LIMIT: usize = 512 * 1024 * 1024;

/// SplitMix64: small, seeded, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        Err(_) => default,
    }
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Every fixture file (name relative to `tests/fixtures`, bytes).
fn seeds() -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e != "py") {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let root = fixtures_dir();
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out
}

/// Words that steer a mutated file into the parsers' less travelled paths.
const KEYWORDS: &[&[u8]] = &[
    b" obj ",
    b"endobj",
    b"<<",
    b">>",
    b" 0 R ",
    b"/Kids [",
    b"/Parent ",
    b"/Prev ",
    b"/Length 999999999",
    b"stream\n",
    b"endstream",
    b"xref\n0 1\n",
    b"trailer",
    b"/Filter /FlateDecode",
    b"/Encrypt",
    b"<script>",
    b"<!--",
    b"<![CDATA[",
    b"<table><tr><td>",
    b"&#x10FFFF;",
    b"&amp;&",
    b"=?utf-8?b?",
    b"=?iso-8859-1?q?",
    b"\r\n\r\n",
    b"Content-Type: multipart/mixed; boundary=\"b\"\r\n",
    b"--b\r\n",
    b"Content-Transfer-Encoding: base64\r\n",
    b"\nFrom ",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"<w:p>",
    b"</w:t>",
    b"---\ntitle: ",
    b"```",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xed\xa0\x80",
];

/// One mutation of `input`; `others` are the other seeds, for splices.
fn mutate(rng: &mut Rng, input: &[u8], others: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        match rng.below(10) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let (at, bit) = (rng.below(len), rng.below(8));
                    if let Some(byte) = out.get_mut(at) {
                        *byte ^= 1 << bit;
                    }
                }
            }
            1 => {
                const INTERESTING: &[u8] = &[0, 0xff, 0x7f, 0x80, b'0', b'9', b'\n', b'<', b'>'];
                for _ in 0..1 + rng.below(4) {
                    if let Some(byte) = out.get_mut(rng.below(len)) {
                        *byte = INTERESTING[rng.below(INTERESTING.len())];
                    }
                }
            }
            2 => out.truncate(rng.below(len + 1)),
            3 => {
                let (_, other) = &others[rng.below(others.len())];
                let at = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                out.truncate(at);
                out.extend_from_slice(&other[from..]);
            }
            4 => {
                if len > 0 {
                    let start = rng.below(len);
                    let end = (start + 1 + rng.below(256)).min(len);
                    let chunk = out[start..end].to_vec();
                    let most = if rng.chance(8) { 4096 } else { 16 };
                    let times = 1 + rng.below(most);
                    let tail = out.split_off(end);
                    for _ in 0..times {
                        out.extend_from_slice(&chunk);
                    }
                    out.extend_from_slice(&tail);
                }
            }
            5 => {
                let at = rng.below(len + 1);
                let n = 1 + rng.below(64);
                out.splice(at..at, std::iter::repeat_n(0u8, n));
            }
            6 => {
                if len > 0 {
                    let start = rng.below(len);
                    let end = (start + 1 + rng.below(512)).min(len);
                    out.drain(start..end);
                }
            }
            7 | 8 => {
                let at = rng.below(len + 1);
                let word = KEYWORDS[rng.below(KEYWORDS.len())];
                out.splice(at..at, word.iter().copied());
            }
            _ => {
                // A number made huge or negative: lengths, counts, offsets.
                let digits: Vec<usize> = (0..len).filter(|&i| out[i].is_ascii_digit()).collect();
                if !digits.is_empty() {
                    let at = digits[rng.below(digits.len())];
                    let pick = rng.below(4);
                    let big: &[u8] = [&b"99999999999"[..], b"-1", b"4294967296", b"0"][pick];
                    out.splice(at..at + 1, big.iter().copied());
                }
            }
        }
    }
    out
}

/// A generated ZIP: entries taken from the seeds (some mutated, some nested
/// archives), with names that are sometimes hostile.
fn generated_zip(rng: &mut Rng, seeds: &[(String, Vec<u8>)], depth: usize) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..1 + rng.below(5) {
        let (name, bytes) = &seeds[rng.below(seeds.len())];
        let file = name.rsplit('/').next().unwrap();
        let entry_name = match rng.below(12) {
            0 => format!("../{file}"),
            1 => format!("/abs/{file}"),
            2 => format!("dir\\..\\..\\{file}"),
            3 => format!("C:/{file}"),
            4 => format!("{k}/nul\0{file}"),
            _ => format!("{k}/{file}"),
        };
        let (entry_name, content) = if depth < 4 && rng.chance(5) {
            (
                format!("{k}/inner.zip"),
                generated_zip(rng, seeds, depth + 1),
            )
        } else if rng.chance(2) {
            (entry_name, mutate(rng, bytes, seeds))
        } else {
            (entry_name, bytes.clone())
        };
        let method = if rng.chance(2) {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        if rng.chance(10) {
            let _ = writer.add_symlink(entry_name.clone(), "/etc/passwd", options);
            continue;
        }
        if writer.start_file(entry_name, options).is_ok() {
            writer.write_all(&content).unwrap();
        }
    }
    writer.finish().unwrap().into_inner()
}

/// What the worker reports for one input.
struct Outcome {
    reader: &'static str,
    /// Problems that break a reader's promise (contained panics).
    bugs: Vec<String>,
    peak_bytes: usize,
}

fn run_one(name: &str, bytes: Vec<u8>) -> Outcome {
    let reader = reader_for(name, &bytes).map_or("none", |r| r.id());
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let items = read_file(name, bytes, &Limits::default());
    let peak_bytes = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let mut bugs = Vec::new();
    for item in &items {
        match &item.result {
            Err(err) if err.kind == ReadErrorKind::Internal => {
                bugs.push(format!("{}: {}", item.name, err.message))
            }
            Err(err) if err.message.trim().is_empty() => {
                bugs.push(format!("{}: refused without a reason", item.name))
            }
            Err(_) => {}
            Ok(docs) => {
                for doc in docs {
                    // Offsets must stay valid: regions inside the text, on char boundaries.
                    for region in &doc.regions {
                        let (s, e) = (region.span.start, region.span.end);
                        if s > e
                            || e > doc.text.len()
                            || !doc.text.is_char_boundary(s)
                            || !doc.text.is_char_boundary(e)
                        {
                            bugs.push(format!("{}: region {s}..{e} outside the text", item.name));
                        }
                    }
                }
            }
        }
    }
    Outcome {
        reader,
        bugs,
        peak_bytes,
    }
}

fn save_failure(name: &str, bytes: &[u8], why: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let file = name.replace('/', "_");
    let path = dir.join(format!("{}-{file}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    eprintln!("fuzz: {why}; input saved to {}", path.display());
    path
}

#[derive(Default)]
struct Tally {
    inputs: usize,
    peak_bytes: usize,
}

#[test]
fn readers_survive_mutated_and_generated_inputs() {
    let total = env_number("DOSSIER_FUZZ_INPUTS", 3_000) as usize;
    let seed = env_number("DOSSIER_FUZZ_SEED", 1);
    let seeds = seeds();
    assert!(
        seeds.len() >= 20,
        "expected the fixtures in {} (found {})",
        fixtures_dir().display(),
        seeds.len()
    );
    for id in ["txt", "md", "html", "pdf", "eml", "mbox", "docx", "zip"] {
        assert!(
            seeds
                .iter()
                .any(|(n, b)| reader_for(n, b).is_some_and(|r| r.id() == id)),
            "no fixture for the {id} reader"
        );
    }

    // Inputs run on one worker; the test thread is the watchdog.
    let (to_worker, inbox) = mpsc::channel::<(String, Vec<u8>)>();
    let (to_watchdog, results) = mpsc::channel::<Outcome>();
    std::thread::spawn(move || {
        for (name, bytes) in inbox {
            if to_watchdog.send(run_one(&name, bytes)).is_err() {
                break;
            }
        }
    });

    let mut rng = Rng(seed);
    let mut per_reader: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    let started = Instant::now();
    for n in 0..total {
        let (name, bytes) = if n % 10 == 9 {
            (
                format!("generated-{n}.zip"),
                generated_zip(&mut rng, &seeds, 0),
            )
        } else {
            let (name, original) = &seeds[n % seeds.len()];
            let mut name = name.clone();
            // Now and then without its extension, so that sniffing picks the reader.
            if rng.chance(10) {
                name = name
                    .rsplit_once('.')
                    .map_or(name.clone(), |(stem, _)| stem.to_string());
            }
            (name, mutate(&mut rng, original, &seeds))
        };
        to_worker.send((name.clone(), bytes.clone())).unwrap();
        let outcome = match results.recv_timeout(HANG_LIMIT) {
            Ok(outcome) => outcome,
            Err(_) => {
                let path = save_failure(&name, &bytes, "a reader hung");
                panic!(
                    "input {n} ({name}, {} bytes) took more than {} s: a hang (saved to {})",
                    bytes.len(),
                    HANG_LIMIT.as_secs(),
                    path.display()
                );
            }
        };
        if outcome.peak_bytes > MEMORY_LIMIT {
            let path = save_failure(&name, &bytes, "memory over the limit");
            failures.push(format!(
                "input {n} ({name}): {} MB of heap (saved to {})",
                outcome.peak_bytes >> 20,
                path.display()
            ));
        }
        if !outcome.bugs.is_empty() {
            let path = save_failure(&name, &bytes, "a reader broke its promise");
            failures.push(format!(
                "input {n} ({name}): {} (saved to {})",
                outcome.bugs.join("; "),
                path.display()
            ));
        }
        let tally = per_reader.entry(outcome.reader).or_default();
        tally.inputs += 1;
        tally.peak_bytes = tally.peak_bytes.max(outcome.peak_bytes);
    }
    println!(
        "fuzz: {total} inputs (seed {seed}) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (reader, tally) in &per_reader {
        println!(
            "fuzz: {reader:>5}: {:>6} inputs, peak heap {:.1} MB",
            tally.inputs,
            tally.peak_bytes as f64 / (1 << 20) as f64
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every reader was exercised, not just reached by name.
    for id in ["txt", "html", "pdf", "eml", "mbox", "docx", "zip"] {
        assert!(
            per_reader.get(id).is_some_and(|t| t.inputs > 0),
            "the {id} reader got no input"
        );
    }
}
