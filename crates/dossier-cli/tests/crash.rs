//! Crash safety: the real `dossier` binary is killed with SIGKILL at random
//! moments (seeded) while it imports a large batch, curates entities and
//! events, and upgrades an old library, and the library is then checked.
//!
//! After every kill:
//! - `PRAGMA integrity_check` is ok and foreign keys hold;
//! - every article is complete or absent: its text, metadata, sentences and
//!   annotations (entity mentions, time expressions, place and event
//!   mentions, `analysis_version`) are exactly those of a clean import of the
//!   same source, and a file marked imported has all its sources;
//! - `dossier check` (which opens the library as the app does, so the search
//!   index and the derived events are repaired on open) reports no problem;
//! - running the interrupted command again finishes the job: the library then
//!   equals the clean one, article for article, with no duplicate.
//!
//! `DOSSIER_CRASH_TRIALS` sets the number of import trials (default 4, a short
//! run for CI; the full run is 50, see docs/reliability.md); curation trials
//! are twice as many, migration trials a fifth (at least 2). `DOSSIER_CRASH_SEED` sets the seed.
//! `DOSSIER_CRASH_FILES` the size of the generated batch (default 1,000).
//!
//! Full run:
//! `DOSSIER_CRASH_TRIALS=50 cargo test -p dossier-cli --release --test crash -- --nocapture`

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde_json::Value;

// ------------------------------------------------------------------ settings

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        Err(_) => default,
    }
}

fn import_trials() -> usize {
    env_number("DOSSIER_CRASH_TRIALS", 4) as usize
}

fn seed() -> u64 {
    env_number("DOSSIER_CRASH_SEED", 7)
}

/// SplitMix64: small and seeded, for kill moments and curation choices.
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
        (self.next() % n.max(1) as u64) as usize
    }

    /// A moment in `[from, to)` of `span`.
    fn moment(&mut self, span: Duration, from: f64, to: f64) -> Duration {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        span.mul_f64(from + unit * (to - from))
    }
}

// ------------------------------------------------------------------ running the binary

fn dossier(library: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.arg("--library")
        .arg(library)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs to the end; panics with the output when the command fails.
fn run(library: &Path, args: &[&str]) -> (Value, Duration) {
    let started = Instant::now();
    let out = dossier(library).arg("--json").args(args).output().unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "dossier {args:?} on {} failed ({}): {}{}",
        library.display(),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (value, took)
}

/// What became of a command that was to be killed.
#[derive(Clone, Copy, Debug)]
enum Kill {
    /// SIGKILL reached it while it ran.
    Landed,
    /// It ended by itself first, this long after it started.
    Missed(Duration),
}

impl Kill {
    fn landed(self) -> bool {
        matches!(self, Kill::Landed)
    }
}

/// Starts the command and kills it with SIGKILL after `after`.
fn run_and_kill(library: &Path, args: &[&str], after: Duration) -> Kill {
    run_and_kill_when(library, args, || true, after)
}

/// Like [`run_and_kill`], but the delay starts once `ready` holds (polled
/// while the command runs), so that a kill can aim at a phase of the work
/// rather than at a moment measured on another run.
fn run_and_kill_when(
    library: &Path,
    args: &[&str],
    ready: impl Fn() -> bool,
    after: Duration,
) -> Kill {
    let started = Instant::now();
    let mut child = dossier(library)
        .arg("--json")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ended_by_itself = |child: &mut std::process::Child| {
        let status = child.try_wait().unwrap()?;
        assert!(
            status.success(),
            "dossier {args:?} failed before the kill: {status}"
        );
        Some(Kill::Missed(started.elapsed()))
    };
    while !ready() {
        if let Some(missed) = ended_by_itself(&mut child) {
            return missed;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let deadline = Instant::now() + after;
    loop {
        if let Some(missed) = ended_by_itself(&mut child) {
            return missed;
        }
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(5)));
    }
    // std's kill is SIGKILL on Unix: no destructor, no atexit, no flush runs.
    child.kill().unwrap();
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // The process may have finished between the last poll and the kill.
        if status.signal().is_none() {
            assert!(status.success(), "dossier {args:?} failed: {status}");
            return Kill::Missed(started.elapsed());
        }
    }
    Kill::Landed
}

/// Runs to the end like [`run`] while polling `progress`; also returns how
/// long the command went on after `progress` last changed (for an import
/// watched through [`files_marked_imported`]: its tail, the last index commit
/// and the event merge once every file is stored).
fn run_measuring_tail(
    library: &Path,
    args: &[&str],
    progress: impl Fn() -> Option<usize>,
) -> (Value, Duration, Duration) {
    // The report goes to a file: a pipe nobody reads while polling could fill.
    let out_path = PathBuf::from(format!("{}.out.json", library.display()));
    let started = Instant::now();
    let mut child = dossier(library)
        .arg("--json")
        .args(args)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .spawn()
        .unwrap();
    let (mut last, mut changed_at) = (None, started);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let now = progress();
        if now.is_some() && now != last {
            (last, changed_at) = (now, Instant::now());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let ended = Instant::now();
    let stdout = std::fs::read(&out_path).unwrap();
    std::fs::remove_file(&out_path).ok();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        status.success(),
        "dossier {args:?} on {} failed ({status}): {}{stderr}",
        library.display(),
        String::from_utf8_lossy(&stdout),
    );
    (
        serde_json::from_slice(&stdout).unwrap(),
        ended - started,
        ended - changed_at,
    )
}

/// How many files a running import has marked imported, read the way the
/// app's views read a library during an import (another connection, read
/// only); `None` while the library cannot be read yet.
fn files_marked_imported(library: &Path) -> Option<usize> {
    let conn = Connection::open_with_flags(
        library,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.query_row("SELECT count(*) FROM imported_files", [], |r| {
        r.get::<_, i64>(0)
    })
    .ok()
    .map(|n| n as usize)
}

/// The schema version of a library being upgraded, read as
/// [`files_marked_imported`] reads an import's progress.
fn schema_version(library: &Path) -> Option<usize> {
    let conn = Connection::open_with_flags(
        library,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .ok()
        .map(|n| n as usize)
}

/// `dossier check` opens the library as the app does and lists problems.
fn check_library(library: &Path) -> Value {
    let out = dossier(library).args(["--json", "check"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check on {} gave no JSON ({e}): {}",
            library.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        out.status.success() && report["problems"].as_array().is_some_and(|p| p.is_empty()),
        "check on {} found problems: {}",
        library.display(),
        report["problems"]
    );
    report
}

// ------------------------------------------------------------------ reading a library

fn open_raw(library: &Path) -> Connection {
    Connection::open_with_flags(
        library,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap()
}

fn has_table(conn: &Connection, name: &str) -> bool {
    conn.query_row(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |_| Ok(()),
    )
    .optional()
    .unwrap()
    .is_some()
}

fn has_column(conn: &Connection, table: &str, column: &str) -> bool {
    conn.query_row(
        &format!("SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1"),
        [column],
        |_| Ok(()),
    )
    .optional()
    .unwrap()
    .is_some()
}

/// `PRAGMA integrity_check` and `foreign_key_check` on the raw file, before
/// anything of Dossier's opens it.
fn assert_sqlite_sound(conn: &Connection, what: &str) {
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "{what}: integrity_check");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0, "{what}: foreign keys broken");
}

/// Counts the store keeps up to date as it writes (entity counts and days,
/// story sizes, the map's per-day place counts, event counts and per-day
/// event places) must equal a recount from the rows they summarise: a kill
/// must not leave them half updated, and a resumed import must add to them
/// exactly what it wrote. `events` is false while mentions may still wait
/// for the events to be merged (right after a kill, before any open).
fn assert_derived_data_agrees(conn: &Connection, what: &str, events: bool) {
    let mut checks = vec![
        (
            "entity counts and days",
            "SELECT count(*) FROM entities e WHERE \
               mention_count <> (SELECT count(*) FROM mentions WHERE entity_id = e.id) \
            OR article_count <> (SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = e.id) \
            OR first_day IS NOT (SELECT min(a.published_day) FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = e.id) \
            OR last_day IS NOT (SELECT max(a.published_day) FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = e.id)",
        ),
        (
            "story sizes",
            "SELECT (SELECT count(*) FROM stories s WHERE size <> (SELECT count(*) FROM articles WHERE story_id = s.id)) \
                  + (SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = a.story_id))",
        ),
        (
            "place_days",
            "SELECT count(*) FROM ( \
               SELECT coalesce(a.published_day, -1000000) AS day, pm.place_id, count(*) AS mentions, \
                      count(DISTINCT pm.article_id) AS articles \
               FROM place_mentions pm JOIN articles a ON a.id = pm.article_id GROUP BY 1, 2 \
               EXCEPT SELECT day, place_id, mentions, articles FROM place_days WHERE mentions > 0)",
        ),
        (
            "place_days (rows with nothing behind them)",
            "SELECT count(*) FROM place_days d WHERE mentions <> 0 AND NOT EXISTS ( \
               SELECT 1 FROM place_mentions pm JOIN articles a ON a.id = pm.article_id \
               WHERE pm.place_id = d.place_id AND coalesce(a.published_day, -1000000) = d.day)",
        ),
    ];
    if events {
        checks.extend([
            (
                "event mention counts",
                "SELECT count(*) FROM events e WHERE mention_count <> (SELECT count(*) FROM event_mentions WHERE event_id = e.id)",
            ),
            (
                "event_place_days",
                "SELECT (SELECT count(*) FROM ( \
                   SELECT first_day, last_day, place_id, count(*) FROM events WHERE place_id IS NOT NULL GROUP BY 1, 2, 3 \
                   EXCEPT SELECT first_day, last_day, place_id, events FROM event_place_days)) \
                 + (SELECT count(*) FROM event_place_days) \
                 - (SELECT count(*) FROM (SELECT 1 FROM events WHERE place_id IS NOT NULL GROUP BY first_day, last_day, place_id))",
            ),
        ]);
    }
    for (name, sql) in checks {
        let wrong = count(conn, sql);
        assert_eq!(
            wrong, 0,
            "{what}: {name} disagree with a recount ({wrong} rows)"
        );
    }
}

// The same bytes in two files (a message in two mailboxes, a file and its
// copy in an archive) are stored once, read from whichever file is written
// first; their reader warnings belong to that file ("message 2 skipped"), so
// warnings and source names are left out of the comparison.
/// Everything stored about one article that analysis or reading decides,
/// reduced to a fingerprint: equal fingerprints mean a complete article.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ArticleState {
    analysis_version: i64,
    annotations: [i64; 4],
    content: u64,
}

/// Articles keyed by (source SHA-256, part): ids differ from run to run,
/// content addresses do not.
type Articles = BTreeMap<(String, i64), ArticleState>;

fn articles(conn: &Connection) -> Articles {
    let count = |table: &str, extra: &str| {
        if has_table(conn, table) {
            format!("(SELECT count(*) * 1000003 + coalesce(sum({extra}), 0) FROM {table} x WHERE x.article_id = a.id)")
        } else {
            "0".to_string()
        }
    };
    let version = if has_column(conn, "articles", "analysis_version") {
        "a.analysis_version"
    } else {
        "-1"
    };
    let sql = format!(
        "SELECT s.sha256, a.part, {version}, {}, {}, {}, {}, \
         a.title, a.outlet, a.authors, a.published, a.url, a.text, a.regions, a.sentences, a.found, s.reader, s.reader \
         FROM articles a JOIN sources s ON s.id = a.source_id",
        count("mentions", "x.start * 7 + x.end"),
        count("timexes", "x.start * 7 + x.end"),
        count("place_mentions", "x.start * 7 + x.end"),
        // A record names its article by id, which differs between imports.
        count("event_mentions", "length(replace(x.record, '\"' || x.article_id || '\"', ''))"),
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let rows = stmt
        .query_map([], |r| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            for i in 7..18 {
                r.get::<_, Option<String>>(i)?.hash(&mut hasher);
            }
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, i64>(1)?),
                ArticleState {
                    analysis_version: r.get(2)?,
                    annotations: [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                    content: hasher.finish(),
                },
            ))
        })
        .unwrap();
    let mut out = BTreeMap::new();
    for row in rows {
        let (key, state) = row.unwrap();
        assert!(
            out.insert(key.clone(), state).is_none(),
            "article {key:?} stored twice"
        );
    }
    out
}

/// What differs between two sets of articles, for messages (empty when equal).
fn differences(found: &Articles, wanted: &Articles) -> Vec<String> {
    let mut out = Vec::new();
    for (key, state) in wanted {
        match found.get(key) {
            None => out.push(format!("missing {key:?}")),
            Some(f) if f != state => out.push(format!("{key:?}: {f:?}, wanted {state:?}")),
            Some(_) => {}
        }
    }
    for key in found.keys().filter(|k| !wanted.contains_key(*k)) {
        out.push(format!("unexpected {key:?}"));
    }
    out
}

/// Sources of each file marked as completely imported.
fn imported_files(conn: &Connection) -> BTreeMap<String, BTreeSet<String>> {
    let mut stmt = conn
        .prepare(
            "SELECT f.sha256, s.sha256 FROM imported_files f LEFT JOIN sources s ON s.file_sha256 = f.sha256",
        )
        .unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .unwrap()
    {
        let (file, source) = row.unwrap();
        let set = out.entry(file).or_default();
        set.extend(source);
    }
    out
}

fn source_exists(conn: &Connection, sha256: &str) -> bool {
    conn.query_row("SELECT 1 FROM sources WHERE sha256 = ?1", [sha256], |_| {
        Ok(())
    })
    .optional()
    .unwrap()
    .is_some()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A library's tables (columns) and indexes, comparable across libraries.
fn schema(conn: &Connection) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let objects: Vec<(String, String, String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (kind, name, table, sql) in objects {
        let description = if kind == "table" {
            let mut cols = conn
                .prepare(&format!("PRAGMA table_info('{name}')"))
                .unwrap();
            cols.query_map([], |r| {
                Ok(format!(
                    "{} {} notnull={} default={:?} pk={}",
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, i64>(5)?
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
        } else {
            vec![format!("on {table}: {}", sql.unwrap_or_default())]
        };
        out.insert(format!("{kind} {name}"), description);
    }
    out
}

fn user_version(conn: &Connection) -> u32 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

// ------------------------------------------------------------------ the shared batch

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Copies a closed library: the SQLite file, its WAL if any, and the search index.
fn copy_library(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", from.display()));
        if side.exists() {
            std::fs::copy(&side, format!("{}{suffix}", to.display())).unwrap();
        }
    }
    let index = PathBuf::from(format!("{}.search", from.display()));
    if index.is_dir() {
        copy_dir(&index, Path::new(&format!("{}.search", to.display())));
    }
}

/// Removes a closed library with its WAL, shared memory and search index
/// (50 trials would otherwise keep 50 indexes until the end of the run).
fn remove_library(library: &Path) {
    std::fs::remove_file(library).ok();
    for suffix in ["-wal", "-shm"] {
        std::fs::remove_file(format!("{}{suffix}", library.display())).ok();
    }
    std::fs::remove_dir_all(format!("{}.search", library.display())).ok();
}

/// The batch every import trial uses, and a clean import of it.
struct Batch {
    _dir: tempfile::TempDir,
    input: PathBuf,
    files: usize,
    /// A library the batch was imported into without interruption.
    clean: PathBuf,
    clean_articles: Articles,
    clean_files: BTreeMap<String, BTreeSet<String>>,
    import_time: Duration,
    /// How long the clean import went on once every file was marked imported
    /// (the last index commit and the event merge): the end-phase kill window.
    tail: Duration,
}

fn batch() -> &'static Batch {
    static BATCH: OnceLock<Batch> = OnceLock::new();
    BATCH.get_or_init(|| {
        // A static is never dropped, so this folder outlives the run: it goes
        // under the target folder (`cargo clean` removes it), not /tmp.
        let dir = tempfile::Builder::new()
            .prefix("crash-batch-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap();
        let input = dir.path().join("input");
        let generated = env_number("DOSSIER_CRASH_FILES", 1_000) as usize;
        dossier_api::corpus::write_corpus(&input.join("corpus"), generated, seed()).unwrap();
        // The real fixtures too: every format, archives, a mailbox, broken files.
        let fixtures = repo().join("tests/fixtures");
        assert!(
            fixtures.is_dir(),
            "fixtures missing at {}",
            fixtures.display()
        );
        copy_dir(&fixtures, &input.join("fixtures"));
        let files = dossier_api::plan_import(std::slice::from_ref(&input))
            .files
            .len();
        assert!(files >= generated, "only {files} files planned");

        let clean = dir.path().join("clean.sqlite");
        let (report, import_time, tail) = run_measuring_tail(
            &clean,
            &["import", "--quiet", input.to_str().unwrap()],
            || files_marked_imported(&clean),
        );
        let added = report["articles_added"].as_u64().unwrap() as usize;
        assert!(added >= generated, "{added} articles from {files} files");
        let conn = open_raw(&clean);
        let clean_articles = articles(&conn);
        assert_eq!(clean_articles.len(), added);
        let clean_files = imported_files(&conn);
        assert_derived_data_agrees(&conn, "clean import", true);
        drop(conn);
        println!(
            "crash: batch of {files} files, {added} articles; clean import {:.1} s, of which {:.2} s after the last file was stored",
            import_time.as_secs_f64(),
            tail.as_secs_f64()
        );
        Batch {
            _dir: dir,
            input,
            files,
            clean,
            clean_articles,
            clean_files,
            import_time,
            tail,
        }
    })
}

/// What a library killed mid-import must satisfy before anything repairs it.
fn assert_consistent_after_kill(library: &Path, batch: &Batch, what: &str) -> usize {
    let conn = open_raw(library);
    assert_sqlite_sound(&conn, what);
    let found = articles(&conn);
    for (key, state) in &found {
        let clean = batch
            .clean_articles
            .get(key)
            .unwrap_or_else(|| panic!("{what}: article {key:?} is not in the clean import"));
        assert_eq!(state, clean, "{what}: article {key:?} is incomplete");
    }
    let sources_without_articles = count(
        &conn,
        "SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.source_id = s.id)",
    );
    assert_eq!(
        sources_without_articles, 0,
        "{what}: a source without its articles"
    );
    // A file marked imported has every source it yields in the library. (Which
    // file a source shared by two files is filed under depends on which was
    // written first, so sources are looked up by content, not by owner.)
    for file in imported_files(&conn).keys() {
        let yields = batch
            .clean_files
            .get(file)
            .unwrap_or_else(|| panic!("{what}: file {file} is not in the clean import"));
        assert!(
            yields.iter().all(|x| source_exists(&conn, x)),
            "{what}: file {file} is marked imported without all its sources"
        );
    }
    assert_derived_data_agrees(&conn, what, false);
    found.len()
}

// ------------------------------------------------------------------ import

#[test]
fn import_killed_at_random_moments_leaves_a_consistent_library_and_resumes() {
    let batch = batch();
    let trials = import_trials();
    assert!(trials > 0, "DOSSIER_CRASH_TRIALS=0 would test nothing");
    let mut rng = Rng(seed());
    let dir = tempfile::tempdir().unwrap();
    let input = batch.input.to_str().unwrap();
    let (mut landed, mut tails_landed) = (0, 0);
    let mut partial = Vec::new();
    let started = Instant::now();
    for trial in 0..trials {
        let library = dir.path().join(format!("trial-{trial}.sqlite"));
        // Kills are aimed by watching the library, not by the clock alone: a
        // moment measured on the clean import lands anywhere once the load
        // changes (after the end of the import when the machine got quieter,
        // never in its tail when it got busier). Three trials in four: once a
        // random share of the files is stored (none: from the start), within
        // a tenth of the clean import's time. One in four: in the tail, once
        // every file is stored, where the index catches up and events are
        // merged, within the time the clean import took from there.
        let all_files = batch.clean_files.len();
        let tail = trial % 4 == 3;
        let (stored, after) = if tail {
            (all_files, rng.moment(batch.tail, 0.0, 1.0))
        } else {
            (
                // One in ten or so from the start, before any file is stored.
                rng.below(all_files + all_files / 10)
                    .saturating_sub(all_files / 10),
                rng.moment(batch.import_time, 0.0, 0.1),
            )
        };
        let what = if tail {
            format!("import trial {trial} (killed {after:?} after the last file was stored)")
        } else {
            format!("import trial {trial} (killed {after:?} after {stored} files were stored)")
        };
        let ready = || stored == 0 || files_marked_imported(&library).is_some_and(|n| n >= stored);
        if run_and_kill_when(&library, &["import", "--quiet", input], ready, after).landed() {
            landed += 1;
            tails_landed += usize::from(tail);
        }
        let n = assert_consistent_after_kill(&library, batch, &what);
        partial.push(n);
        // Opening repairs what is derived (index, events); nothing is missing.
        if library.exists() {
            check_library(&library);
        }
        let (report, _) = run(&library, &["import", "--quiet", input]);
        let conn = open_raw(&library);
        assert_sqlite_sound(&conn, &what);
        assert_derived_data_agrees(&conn, &what, true);
        let resumed = articles(&conn);
        assert_eq!(
            resumed.len(),
            batch.clean_articles.len(),
            "{what}: the resumed import has a different number of articles"
        );
        let diff = differences(&resumed, &batch.clean_articles);
        assert!(
            diff.is_empty(),
            "{what}: resumed library differs from the clean one: {diff:#?}"
        );
        let files = imported_files(&conn);
        assert!(
            files.keys().eq(batch.clean_files.keys()),
            "{what}: files marked imported"
        );
        assert_eq!(
            files.into_values().flatten().collect::<BTreeSet<_>>(),
            batch
                .clean_files
                .values()
                .flatten()
                .cloned()
                .collect::<BTreeSet<_>>(),
            "{what}: sources"
        );
        assert_eq!(
            report["articles_added"].as_u64().unwrap() as usize,
            batch.clean_articles.len() - n,
            "{what}: the resumed import added what was missing, no more"
        );
        drop(conn);
        let checked = check_library(&library);
        assert_eq!(
            checked["stats"]["articles"].as_u64().unwrap() as usize,
            batch.clean_articles.len()
        );
        remove_library(&library);
    }
    println!(
        "crash: import of {} files: {trials} trials ({landed} kills landed mid-run, {tails_landed} of them after the last file was stored), articles present after the kill: {partial:?}, {:.1} s",
        batch.files,
        started.elapsed().as_secs_f64()
    );
    assert!(landed > 0, "no kill landed while the import ran");
}

/// Regression: an import killed after its last batch was written but before
/// events were merged left mentions without events, and re-running the
/// import found every file already stored, so nothing merged them again.
/// This sets up exactly that state and checks that opening repairs it.
#[test]
fn events_left_unmerged_by_a_crash_are_rebuilt_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("lib.sqlite");
    let events = repo().join("tests/fixtures/events");
    let events = events.to_str().unwrap();
    run(&library, &["import", "--quiet", events]);
    let (timeline, _) = run(&library, &["timeline"]);
    let before = timeline["total"].as_u64().unwrap();
    assert!(before > 0, "the fixtures report events: {timeline}");

    let conn = open_raw(&library);
    conn.execute_batch(
        "UPDATE event_mentions SET event_id = NULL; DELETE FROM events; DELETE FROM event_entities;",
    )
    .unwrap();
    drop(conn);

    check_library(&library);
    let (report, _) = run(&library, &["import", "--quiet", events]);
    assert_eq!(report["articles_added"], 0);
    let (timeline, _) = run(&library, &["timeline"]);
    assert_eq!(timeline["total"].as_u64().unwrap(), before);
}

// ------------------------------------------------------------------ curation

/// The user's entity database as curation leaves it: every table a curation
/// operation writes, row by row.
fn entity_state(conn: &Connection) -> BTreeMap<&'static str, Vec<String>> {
    let mut out = BTreeMap::new();
    for (table, sql) in [
        ("entities", "SELECT id, name, name_source, kind, kind_source, mention_count, article_count FROM entities ORDER BY id"),
        ("aliases", "SELECT key, entity_id, alias, strength FROM entity_aliases ORDER BY key, entity_id"),
        ("mentions", "SELECT id, entity_id FROM mentions ORDER BY id"),
        ("kills", "SELECT key, name FROM entity_kills ORDER BY key"),
        ("apart", "SELECT a, b FROM entity_apart ORDER BY a, b"),
        ("overrides", "SELECT article_id, start, end, entity_id FROM mention_overrides ORDER BY 1, 2, 3"),
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|v| v.join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.insert(table, rows);
    }
    out
}

fn ids(conn: &Connection, sql: &str) -> Vec<i64> {
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// One curation operation, with what shows that it took effect.
enum Op {
    Merge {
        into: i64,
        from: i64,
    },
    Rename {
        entity: i64,
        name: String,
    },
    Split {
        entity: i64,
        mention: i64,
        name: String,
    },
    EventEdit {
        event: i64,
        summary: String,
    },
    Undo,
}

impl Op {
    fn kind(&self) -> &'static str {
        match self {
            Op::Merge { .. } => "merge",
            Op::Rename { .. } => "rename",
            Op::Split { .. } => "split",
            Op::EventEdit { .. } => "event-edit",
            Op::Undo => "undo",
        }
    }

    fn args(&self) -> Vec<String> {
        match self {
            Op::Merge { into, from } => vec!["merge".into(), into.to_string(), from.to_string()],
            Op::Rename { entity, name } => vec!["rename".into(), entity.to_string(), name.clone()],
            Op::Split {
                entity,
                mention,
                name,
            } => vec![
                "split".into(),
                entity.to_string(),
                "--mention".into(),
                mention.to_string(),
                "--name".into(),
                name.clone(),
            ],
            Op::EventEdit { event, summary } => vec![
                "event-edit".into(),
                event.to_string(),
                "summary".into(),
                summary.clone(),
            ],
            Op::Undo => vec!["undo".into()],
        }
    }

    /// Whether the library shows the operation's effect.
    fn visible(&self, conn: &Connection, before: &BTreeMap<&'static str, Vec<String>>) -> bool {
        let exists = |sql: &str, arg: &dyn rusqlite::ToSql| {
            conn.query_row(sql, [arg], |_| Ok(()))
                .optional()
                .unwrap()
                .is_some()
        };
        match self {
            Op::Merge { from, .. } => !exists("SELECT 1 FROM entities WHERE id = ?1", from),
            Op::Rename { entity, name } => exists(
                &format!("SELECT 1 FROM entities WHERE id = {entity} AND name = ?1"),
                name,
            ),
            Op::Split { name, .. } => exists("SELECT 1 FROM entities WHERE name = ?1", name),
            Op::EventEdit { summary, .. } => {
                exists("SELECT 1 FROM events WHERE summary = ?1", summary)
            }
            Op::Undo => entity_state(conn) != *before,
        }
    }
}

/// Picks an operation on the library as it is now.
fn pick_op(rng: &mut Rng, conn: &Connection, trial: usize, log: i64) -> Op {
    let top = ids(
        conn,
        "SELECT id FROM entities WHERE mention_count > 1 ORDER BY mention_count DESC, id LIMIT 60",
    );
    assert!(top.len() >= 4, "the batch should give entities to curate");
    match rng.below(if log > 0 { 5 } else { 4 }) {
        0 => {
            let into = top[rng.below(top.len())];
            let from = loop {
                let f = top[rng.below(top.len())];
                if f != into {
                    break f;
                }
            };
            Op::Merge { into, from }
        }
        1 => Op::Rename {
            entity: top[rng.below(top.len())],
            name: format!("Renamed entity {trial}"),
        },
        2 => {
            let entity = top[rng.below(top.len())];
            let mentions = ids(
                conn,
                &format!("SELECT id FROM mentions WHERE entity_id = {entity} ORDER BY id"),
            );
            Op::Split {
                entity,
                mention: mentions[rng.below(mentions.len())],
                name: format!("Split entity {trial}"),
            }
        }
        3 => {
            let events = ids(conn, "SELECT id FROM events ORDER BY id");
            assert!(!events.is_empty(), "the batch should give events to edit");
            Op::EventEdit {
                event: events[rng.below(events.len())],
                summary: format!("Edited event {trial}"),
            }
        }
        _ => Op::Undo,
    }
}

#[test]
fn curation_killed_mid_operation_is_all_or_nothing_and_undo_still_works() {
    let batch = batch();
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("curated.sqlite");
    copy_library(&batch.clean, &library);
    let conn = open_raw(&library);
    let original = entity_state(&conn);
    let decisions_at_start = count(&conn, "SELECT count(*) FROM event_decisions");
    drop(conn);

    // How long one operation takes when left alone: the kill window.
    let (_, open_and_merge) = {
        let copy = dir.path().join("timing.sqlite");
        copy_library(&batch.clean, &copy);
        let conn = open_raw(&copy);
        let top = ids(
            &conn,
            "SELECT id FROM entities ORDER BY mention_count DESC, id LIMIT 2",
        );
        drop(conn);
        run(&copy, &["merge", &top[0].to_string(), &top[1].to_string()])
    };

    let trials = import_trials() * 2;
    let mut rng = Rng(seed() ^ 0xc0ffee);
    // Operations differ in length (an undo or a rename is quicker than a
    // merge of two big entities), so each kind's kill window is learnt: the
    // time its last run took when a kill missed it. With the merge's window
    // for all, four kills in five came after a quick operation had ended.
    let mut spans: BTreeMap<&'static str, Duration> = BTreeMap::new();
    let (mut landed, mut applied) = (0, 0);
    for trial in 0..trials {
        let conn = open_raw(&library);
        let log = count(&conn, "SELECT count(*) FROM curation_log");
        let decisions = count(&conn, "SELECT count(*) FROM event_decisions");
        let before = entity_state(&conn);
        let op = pick_op(&mut rng, &conn, trial, log);
        drop(conn);
        let args = op.args();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let what = format!("curation trial {trial} ({args:?})");
        let span = spans.entry(op.kind()).or_insert(open_and_merge);
        let after = rng.moment(*span, 0.05, 1.0);
        match run_and_kill(&library, &args, after) {
            Kill::Landed => {
                landed += 1;
                // Drift back up, so that the window keeps covering the end
                // of the operation (its commit) as the library changes.
                *span = span.mul_f64(1.1);
            }
            Kill::Missed(took) => *span = took,
        }

        let conn = open_raw(&library);
        assert_sqlite_sound(&conn, &what);
        let log_now = count(&conn, "SELECT count(*) FROM curation_log");
        let decisions_now = count(&conn, "SELECT count(*) FROM event_decisions");
        let visible = op.visible(&conn, &before);
        // All or nothing: the operation, its record and its before-image go together.
        let recorded = match op {
            Op::EventEdit { .. } => {
                assert_eq!(
                    log_now, log,
                    "{what}: an event edit is not in the entity log"
                );
                assert!(decisions_now - decisions <= 1, "{what}");
                decisions_now == decisions + 1
            }
            Op::Undo => {
                assert_eq!(decisions_now, decisions, "{what}");
                assert!(log - log_now <= 1, "{what}");
                log_now == log - 1
            }
            _ => {
                assert_eq!(decisions_now, decisions, "{what}");
                assert!(log_now - log <= 1, "{what}");
                log_now == log + 1
            }
        };
        assert_eq!(
            visible, recorded,
            "{what}: effect shown {visible}, recorded {recorded}"
        );
        if !recorded {
            assert_eq!(entity_state(&conn), before, "{what}: a half-done operation");
        }
        applied += usize::from(recorded);
        drop(conn);
        check_library(&library);
    }

    // Undo still works: undoing every recorded operation gives back the
    // entity database as it was before the first one, row for row.
    let conn = open_raw(&library);
    let log = count(&conn, "SELECT count(*) FROM curation_log");
    drop(conn);
    for _ in 0..log {
        run(&library, &["undo"]);
    }
    let conn = open_raw(&library);
    assert_eq!(count(&conn, "SELECT count(*) FROM curation_log"), 0);
    assert!(
        entity_state(&conn) == original,
        "undo after crashes did not restore the entities"
    );
    assert!(count(&conn, "SELECT count(*) FROM event_decisions") >= decisions_at_start);
    drop(conn);
    check_library(&library);
    println!(
        "crash: curation: {trials} trials ({landed} kills landed mid-run, {applied} operations took effect), {log} undone"
    );
    assert!(landed > 0, "no kill landed while an operation ran");
}

// ------------------------------------------------------------------ migration

/// The store's migrations in order, read from its `migrations/` folder (the
/// files it embeds), so that a new migration is covered without a change here.
fn migrations() -> Vec<String> {
    let dir = repo().join("crates/dossier-store/migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "migrations missing in {}", dir.display());
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

/// The schema of an empty library at `version`.
fn schema_at(version: usize) -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open_in_memory().unwrap();
    for sql in &migrations()[..version] {
        conn.execute_batch(sql).unwrap();
    }
    schema(&conn)
}

/// Turns a current library into a version-1 library holding the same
/// articles: what a user of the first release has on disk. Every table a
/// later migration created is dropped, and the column one added; a table a
/// later migration replaced is made again with the rows it held.
fn downgrade_to_v1(library: &Path) {
    let conn = open_raw(library);
    let current = schema_at(migrations().len());
    let first = schema_at(1);
    restore_story_keys(&conn);
    let mut sql = String::from("PRAGMA foreign_keys = OFF; BEGIN;");
    // Triggers first: one that names a dropped table would stop the next drop.
    for kind in ["trigger", "view", "table"] {
        for object in current.keys().filter(|o| !first.contains_key(*o)) {
            if let Some(name) = object.strip_prefix(&format!("{kind} ")) {
                sql.push_str(&format!("DROP {kind} IF EXISTS {name};"));
            }
        }
    }
    sql.push_str("ALTER TABLE articles DROP COLUMN analysis_version; PRAGMA user_version = 1; COMMIT; VACUUM;");
    conn.execute_batch(&sql).unwrap();
    assert_eq!(
        schema(&conn),
        first,
        "the downgraded library is a faithful version 1"
    );
    assert_eq!(user_version(&conn), 1);
}

/// Version 1 kept story lookup keys as one row per key and article; 0009
/// packs them into `story_postings`, up to 64 article ids (8 bytes each,
/// big-endian) per key.
fn restore_story_keys(conn: &Connection) {
    if !has_table(conn, "story_postings") || has_table(conn, "story_keys") {
        return;
    }
    let v1 = Connection::open_in_memory().unwrap();
    v1.execute_batch(&migrations()[0]).unwrap();
    let mut creates = v1
        .prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'story_keys' AND sql IS NOT NULL ORDER BY type DESC")
        .unwrap();
    let creates: Vec<String> = creates
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!creates.is_empty(), "version 1 has story_keys");
    for create in creates {
        conn.execute_batch(&create).unwrap();
    }
    let mut postings = conn
        .prepare("SELECT key, articles FROM story_postings")
        .unwrap();
    let rows: Vec<(i64, Vec<u8>)> = postings
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut insert = conn
        .prepare("INSERT INTO story_keys (key, article_id) VALUES (?1, ?2)")
        .unwrap();
    for (key, articles) in rows {
        for id in articles.chunks_exact(8) {
            let id = i64::from_be_bytes(id.try_into().unwrap());
            insert.execute([key, id]).unwrap();
        }
    }
}

#[test]
fn upgrade_of_an_old_library_killed_midway_finishes_on_the_next_run() {
    // A library of its own, a fifth of the batch: re-analysis after an upgrade
    // runs on one thread, and the kill window is the whole upgrade.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    let n = (env_number("DOSSIER_CRASH_FILES", 1_000) as usize / 5).max(50);
    dossier_api::corpus::write_corpus(&input, n, seed() + 1).unwrap();
    let old = dir.path().join("v1.sqlite");
    run(&old, &["import", "--quiet", input.to_str().unwrap()]);
    downgrade_to_v1(&old);
    let current = schema_at(migrations().len());
    let schemas: Vec<_> = (1..=migrations().len()).map(schema_at).collect();

    // Opening a version-1 library migrates it; `reanalyse` then gives its
    // articles the annotations version 1 did not have. The whole upgrade,
    // uninterrupted, is the kill window; the migrations alone, the early
    // one. They take a few milliseconds of a process that runs for seconds,
    // so their window is measured by watching the schema version: a window
    // of the whole open never landed a kill before the last migration.
    let opened = dir.path().join("opened.sqlite");
    copy_library(&old, &opened);
    let (_, open_time, after_migrated) =
        run_measuring_tail(&opened, &["outlets"], || schema_version(&opened));
    let migrated = open_time.saturating_sub(after_migrated);
    let upgraded = dir.path().join("upgraded.sqlite");
    copy_library(&old, &upgraded);
    let (_, upgrade_time) = run(&upgraded, &["reanalyse"]);
    let conn = open_raw(&upgraded);
    let reference = articles(&conn);
    assert_eq!(reference.len(), n);
    assert_eq!(schema(&conn), current);
    drop(conn);

    let trials = (import_trials() / 5).max(2);
    let mut rng = Rng(seed() ^ 0x5eed);
    let (mut landed, mut versions) = (0, Vec::new());
    for trial in 0..trials {
        let library = dir.path().join(format!("upgrade-{trial}.sqlite"));
        copy_library(&old, &library);
        // One trial in two while the library is migrated (the window a bit
        // wider than it took, so that some kills land just after).
        let after = if trial % 2 == 0 {
            rng.moment(migrated, 0.0, 1.25)
        } else {
            rng.moment(upgrade_time, 0.0, 1.0)
        };
        let what = format!("upgrade trial {trial} (killed after {after:?})");
        if run_and_kill(&library, &["reanalyse"], after).landed() {
            landed += 1;
        }
        let conn = open_raw(&library);
        assert_sqlite_sound(&conn, &what);
        // No half-applied migration: the schema is exactly that of the version recorded.
        let version = user_version(&conn) as usize;
        assert!(
            (1..=migrations().len()).contains(&version),
            "{what}: version {version}"
        );
        assert_eq!(
            schema(&conn),
            schemas[version - 1],
            "{what}: schema of version {version}"
        );
        versions.push(version);
        // Each article is re-analysed completely or not yet.
        for (key, state) in articles(&conn) {
            let done = &reference[&key];
            if state.analysis_version == done.analysis_version {
                assert_eq!(&state, done, "{what}: article {key:?} half re-analysed");
            } else {
                assert_eq!(
                    state.annotations, [0; 4],
                    "{what}: article {key:?} has stray annotations"
                );
                assert_eq!(
                    state.content, done.content,
                    "{what}: article {key:?} changed"
                );
            }
        }
        drop(conn);

        run(&library, &["reanalyse"]);
        let conn = open_raw(&library);
        assert_eq!(user_version(&conn) as usize, migrations().len(), "{what}");
        assert_eq!(schema(&conn), current, "{what}");
        let diff = differences(&articles(&conn), &reference);
        assert!(
            diff.is_empty(),
            "{what}: the finished upgrade differs: {diff:#?}"
        );
        drop(conn);
        check_library(&library);
    }
    println!("crash: migration of {n} articles from version 1: {trials} trials ({landed} kills landed mid-run), versions found after the kill: {versions:?}, migrations {:.0} ms of an open of {:.0} ms, upgrade {:.1} s", migrated.as_secs_f64() * 1e3, open_time.as_secs_f64() * 1e3, upgrade_time.as_secs_f64());
    assert!(landed > 0, "no kill landed while the upgrade ran");
}
