//! `dossier bench`: fills a fresh library with a generated corpus and prints
//! import throughput (with full analysis, and storage plus indexing alone),
//! library size, peak memory, and the latency of the queries behind each view
//! (search, entity list, timeline, map). Figures, never assertions.
//!
//! Two ways to fill the library:
//! - import (the default): the corpus is written as `.txt` files and imported
//!   through the app's pipeline, once with full analysis and once with
//!   storage and indexing alone;
//! - `--load`: for 100k and 1M articles, a few thousand articles are analysed
//!   in full and replicated with their annotations through the import's write
//!   path (`dossier_api::bench_load`, which says how and why that is fair).

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use dossier_api::bench_load::{self, cpu_seconds, LoadOptions};
use dossier_api::types::{
    ArticleFilter, EntityQuery, GeoQuery, ListRequest, SearchRequest, TimelineQuery,
};
use dossier_api::{corpus, plan_import, Library};
use serde::Serialize;

#[derive(Args)]
pub struct BenchArgs {
    /// How many articles to generate.
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    /// Seed of the corpus generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Where to put the corpus and library (default: a temporary folder, removed after).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Times each query is run for the latency figures (fewer for a query
    /// that takes seconds).
    #[arg(long, default_value_t = 50)]
    repeat: usize,
    /// Fill the library with the loader (analysed templates replicated)
    /// instead of importing files.
    #[arg(long)]
    load: bool,
    /// With --load: how many articles are analysed in full and replicated.
    #[arg(long, default_value_t = 2_000)]
    templates: usize,
    /// Without --load: skip the storage-and-indexing-only import.
    #[arg(long)]
    no_storage_only: bool,
    /// Without --load: only the storage-and-indexing import, kept as the
    /// library the counts and queries then read (its stories are counted).
    #[arg(long, conflicts_with = "no_storage_only")]
    storage_only: bool,
    /// Only run the queries against the library already in --dir.
    #[arg(long)]
    queries_only: bool,
    /// With --load: stop loading when the disk holding --dir has less than
    /// this many GB free (the disk is shared; a million articles take ~20 GB).
    #[arg(long, default_value_t = 5.0)]
    min_free_gb: f64,
    /// With --load: stop writing after this many minutes (then index, merge
    /// the last events and measure what is there).
    #[arg(long)]
    load_minutes: Option<f64>,
    /// With --load: also measure when the library holds this many articles
    /// (the load pauses, indexes, merges the waiting events, runs the queries
    /// and goes on); e.g. `--checkpoint 100000` on the way to a million.
    #[arg(long)]
    checkpoint: Vec<usize>,
}

#[derive(Serialize, Default)]
struct BenchReport {
    articles: usize,
    cores: usize,
    corpus_mb: f64,
    /// Full analysis, through the import pipeline (or the loader's templates).
    full: Option<Throughput>,
    /// Reading, storing and indexing without analysis.
    storage_only: Option<Throughput>,
    /// The loader's write of every article with its replicated annotations.
    load: Option<Throughput>,
    load_events_seconds: Option<f64>,
    /// The load stopped early for lack of disk space.
    load_stopped: bool,
    sqlite_mb: f64,
    index_mb: f64,
    counts: Counts,
    /// Peak resident memory after the queries (VmHWM, reset before them).
    query_peak_rss_mb: f64,
    queries: Vec<Latency>,
}

#[derive(Serialize, Default)]
struct Throughput {
    what: String,
    articles: usize,
    seconds: f64,
    articles_per_second: f64,
    per_core: f64,
    /// CPU time the process used meanwhile (all threads). The machine is
    /// shared, so wall-clock rates understate what a core does; articles per
    /// CPU second is the per-core figure that does not depend on the load.
    cpu_seconds: f64,
    per_cpu_second: f64,
    /// Peak resident memory while it ran (VmHWM, reset before it).
    peak_rss_mb: f64,
}

#[derive(Serialize, Default)]
struct Counts {
    articles: i64,
    stories: i64,
    entities: usize,
    places: usize,
    events: usize,
}

#[derive(Serialize)]
struct Latency {
    view: String,
    what: String,
    hits: usize,
    runs: usize,
    p50_ms: f64,
    p95_ms: f64,
    /// The same, counting only the time the query's thread ran on a CPU
    /// (`/proc/thread-self/schedstat`): on a shared machine, wall-clock
    /// latency includes waiting for a core.
    cpu_p50_ms: f64,
    cpu_p95_ms: f64,
}

pub fn run(args: &BenchArgs, json: bool) -> Result<()> {
    let temp = tempfile::tempdir()?;
    let root = args
        .dir
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&root)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut result = BenchReport {
        articles: args.articles,
        cores,
        ..Default::default()
    };
    let library_path = root.join("bench.sqlite");

    if args.queries_only {
        // Reopening measures a library as the app finds it.
    } else if args.load {
        remove_library(&library_path);
        let library = Library::open(&library_path)?;
        reset_peak_rss();
        let cpu_before = cpu_seconds();
        let load_started = Instant::now();
        let bar = crate::output::ProgressBar::new(args.articles, json);
        // Writing is timed from the first batch on (the templates' analysis
        // comes before it); checkpoint pauses are left out of the rates.
        let first_batch: Cell<Option<(Instant, f64, usize)>> = Cell::new(None);
        let paused = Cell::new((0.0f64, 0.0f64));
        let checkpoints: RefCell<Vec<usize>> = RefCell::new(args.checkpoint.clone());
        let failure: RefCell<Option<anyhow::Error>> = RefCell::new(None);
        let report = bench_load::load(
            &library,
            &LoadOptions {
                articles: args.articles,
                templates: args.templates,
                seed: args.seed,
            },
            &|done, _| {
                bar.update(&dossier_api::types::ImportProgress {
                    files_done: done,
                    files_total: args.articles,
                    current: None,
                    bytes_done: 0,
                    bytes_total: 0,
                });
                if first_batch.get().is_none() {
                    first_batch.set(Some((Instant::now(), cpu_seconds(), done)));
                }
                let due = checkpoints.borrow().iter().position(|&c| done >= c);
                if let Some(k) = due {
                    checkpoints.borrow_mut().remove(k);
                    let (t0, c0, n0) = first_batch.get().unwrap_or((Instant::now(), 0.0, 0));
                    let (pw, pc) = paused.get();
                    let wall = t0.elapsed().as_secs_f64() - pw;
                    let cpu = cpu_seconds() - c0 - pc;
                    let pause_started = (Instant::now(), cpu_seconds());
                    let measured =
                        checkpoint(&library, &root, done - n0, wall, cpu, cores, args.repeat);
                    match measured {
                        Ok(r) => {
                            let _ = print_report(&r, json);
                        }
                        Err(err) => {
                            *failure.borrow_mut() = Some(err);
                            return false;
                        }
                    }
                    paused.set((
                        pw + pause_started.0.elapsed().as_secs_f64(),
                        pc + cpu_seconds() - pause_started.1,
                    ));
                    reset_peak_rss();
                }
                let in_time = args
                    .load_minutes
                    .is_none_or(|m| load_started.elapsed().as_secs_f64() < m * 60.0);
                // Every 50 batches (12,800 articles), look at the disk.
                in_time
                    && (done % (256 * 50) != 0
                        || free_gb(&root).is_none_or(|gb| gb >= args.min_free_gb))
            },
        )?;
        bar.finish();
        if let Some(err) = failure.into_inner() {
            return Err(err);
        }
        if report.stopped {
            eprintln!(
                "stopped after {} articles (time limit, or less than {} GB free on the disk)",
                report.articles, args.min_free_gb
            );
        }
        result.load_stopped = report.stopped;
        let peak = peak_rss_mb();
        let cpu = cpu_seconds() - cpu_before;
        result.corpus_mb = report.bytes as f64 / 1e6;
        result.full = Some(throughput(
            "read + full analysis of the templates (no storage)",
            report.templates,
            report.analyse_seconds,
            report.analyse_cpu_seconds,
            cores,
            peak,
        ));
        let (pw, pc) = paused.get();
        result.load = Some(throughput(
            "store + index with replicated annotations",
            report.articles,
            report.write_seconds - pw,
            cpu - report.analyse_cpu_seconds - report.events_cpu_seconds - pc,
            cores,
            peak,
        ));
        result.load_events_seconds = Some(report.events_seconds);
    } else {
        let corpus_dir = root.join("corpus");
        eprintln!(
            "generating {} articles in {}",
            args.articles,
            corpus_dir.display()
        );
        let bytes = corpus::write_corpus(&corpus_dir, args.articles, args.seed)
            .context("writing the corpus")?;
        result.corpus_mb = bytes as f64 / 1e6;
        let plan = plan_import(std::slice::from_ref(&corpus_dir));
        if !args.no_storage_only {
            let path = if args.storage_only {
                library_path.clone()
            } else {
                root.join("storage-only.sqlite")
            };
            remove_library(&path);
            let library = Library::open(&path)?;
            let bar = crate::output::ProgressBar::new(plan.files.len(), json);
            reset_peak_rss();
            let cpu_before = cpu_seconds();
            let started = Instant::now();
            let report =
                library.import_storage_only(&plan, &|p| bar.update(p), &AtomicBool::new(false))?;
            let seconds = started.elapsed().as_secs_f64();
            bar.finish();
            result.storage_only = Some(throughput(
                "read + store + index, no analysis",
                report.articles_added,
                seconds,
                cpu_seconds() - cpu_before,
                cores,
                peak_rss_mb(),
            ));
            drop(library);
            if !args.storage_only {
                remove_library(&path);
            }
        }
        if !args.storage_only {
            remove_library(&library_path);
            let library = Library::open(&library_path)?;
            let bar = crate::output::ProgressBar::new(plan.files.len(), json);
            reset_peak_rss();
            let cpu_before = cpu_seconds();
            let started = Instant::now();
            let report = library.import(&plan, &|p| bar.update(p), &AtomicBool::new(false))?;
            let seconds = started.elapsed().as_secs_f64();
            bar.finish();
            result.full = Some(throughput(
                "read + full analysis + store + index",
                report.articles_added,
                seconds,
                cpu_seconds() - cpu_before,
                cores,
                peak_rss_mb(),
            ));
        }
    }

    let library = Library::open(&library_path)?;
    reset_peak_rss();
    result.counts = counts(&library)?;
    result.queries = queries(&library, args.repeat)?;
    result.query_peak_rss_mb = peak_rss_mb();
    result.sqlite_mb = file_size(&library_path);
    result.index_mb = dir_size(&with_suffix(&library_path, ".search"));

    print_report(&result, json)
}

fn print_report(result: &BenchReport, json: bool) -> Result<()> {
    crate::output::print(result, json, |r| {
        println!(
            "{} articles, {:.1} MB of text, {} cores",
            r.counts.articles, r.corpus_mb, r.cores
        );
        for t in [&r.full, &r.storage_only, &r.load].into_iter().flatten() {
            println!(
                "{:<52} {:>8} articles in {:>8.1} s: {:>7.0}/s, {:>7.0}/s per core; {:>8.1} CPU s: {:>7.0}/CPU s; peak RSS {:>6.0} MB",
                t.what, t.articles, t.seconds, t.articles_per_second, t.per_core, t.cpu_seconds, t.per_cpu_second, t.peak_rss_mb
            );
        }
        if let Some(s) = r.load_events_seconds {
            println!("last event mentions merged after the load in {s:.1} s");
        }
        println!(
            "library on disk: {:.1} MB SQLite (with WAL) + {:.1} MB search index",
            r.sqlite_mb, r.index_mb
        );
        println!(
            "{} stories, {} entities, {} places, {} events; query peak RSS {:.0} MB",
            r.counts.stories,
            r.counts.entities,
            r.counts.places,
            r.counts.events,
            r.query_peak_rss_mb
        );
        for q in &r.queries {
            println!(
                "{:<9} {:<36} {:>7} hits  p50 {:>8.2} ms  p95 {:>8.2} ms  on CPU p50 {:>7.2} ms  p95 {:>7.2} ms ({} runs)",
                q.view, q.what, q.hits, q.p50_ms, q.p95_ms, q.cpu_p50_ms, q.cpu_p95_ms, q.runs
            );
        }
    })
}

/// Measures a library part-way through a load: indexes what is queued,
/// merges the waiting event mentions, and runs the queries.
fn checkpoint(
    library: &Library,
    root: &Path,
    written: usize,
    wall: f64,
    cpu: f64,
    cores: usize,
    repeat: usize,
) -> Result<BenchReport> {
    let peak = peak_rss_mb();
    let library_path = root.join("bench.sqlite");
    library.store().sync_index()?;
    let started = Instant::now();
    library.store().merge_new_events()?;
    let events_seconds = started.elapsed().as_secs_f64();
    let mut r = BenchReport {
        cores,
        load: Some(throughput(
            "store + index with replicated annotations (so far)",
            written,
            wall,
            cpu,
            cores,
            peak,
        )),
        load_events_seconds: Some(events_seconds),
        ..Default::default()
    };
    reset_peak_rss();
    r.counts = counts(library)?;
    r.articles = r.counts.articles as usize;
    r.queries = queries(library, repeat)?;
    r.query_peak_rss_mb = peak_rss_mb();
    r.sqlite_mb = file_size(&library_path);
    r.index_mb = dir_size(&with_suffix(&library_path, ".search"));
    Ok(r)
}

fn throughput(
    what: &str,
    articles: usize,
    seconds: f64,
    cpu_seconds: f64,
    cores: usize,
    peak: f64,
) -> Throughput {
    let rate = articles as f64 / seconds.max(1e-9);
    Throughput {
        what: what.to_string(),
        articles,
        seconds,
        articles_per_second: rate,
        per_core: rate / cores as f64,
        cpu_seconds,
        per_cpu_second: articles as f64 / cpu_seconds.max(1e-9),
        peak_rss_mb: peak,
    }
}

fn counts(library: &Library) -> Result<Counts> {
    let stats = library.stats()?;
    Ok(Counts {
        articles: stats.articles,
        stories: stats.stories,
        entities: library
            .entities(&EntityQuery {
                limit: 1,
                ..Default::default()
            })?
            .total,
        places: library.places(&GeoQuery::default())?.len(),
        events: library
            .timeline(&TimelineQuery {
                limit: 1,
                ..Default::default()
            })?
            .total,
    })
}

/// The queries each view makes, with realistic filters: a time window the
/// size the timeline and map usually show, and the most mentioned entity.
fn queries(library: &Library, repeat: usize) -> Result<Vec<Latency>> {
    let mut out = Vec::new();
    for q in [
        "airstrike Baghdad",
        "\"Kataib Hezbollah\"",
        "attack*",
        "drone OR rocket",
        "Hillah -protest",
        "officials said",
    ] {
        out.push(measure(repeat, "search", q, || {
            let page = library.search(&SearchRequest {
                query: q.to_string(),
                limit: 20,
                ..Default::default()
            })?;
            Ok(page.total)
        })?);
    }
    out.push(measure(repeat, "search", "airstrike, 2020 only", || {
        Ok(library
            .search(&SearchRequest {
                query: "airstrike".into(),
                limit: 20,
                filter: ArticleFilter {
                    from: Some("2020".into()),
                    to: Some("2020".into()),
                    ..Default::default()
                },
                ..Default::default()
            })?
            .total)
    })?);
    out.push(measure(repeat, "library", "list newest 100", || {
        Ok(library
            .list(&ListRequest {
                limit: 100,
                ..Default::default()
            })?
            .rows
            .len())
    })?);

    let entity = library
        .resolve_entity("Kataib Hezbollah")
        .map(|e| e.id)
        .or_else(|_| {
            library
                .entities(&EntityQuery {
                    limit: 1,
                    ..Default::default()
                })
                .map(|p| p.rows.first().map_or(0, |e| e.id))
        })?;
    let entity_queries: [(&str, EntityQuery); 4] = [
        (
            "top 100 by mentions",
            EntityQuery {
                limit: 100,
                ..Default::default()
            },
        ),
        (
            "people, top 100",
            EntityQuery {
                kind: Some("PER".into()),
                limit: 100,
                ..Default::default()
            },
        ),
        (
            "name contains 'sud', top 100",
            EntityQuery {
                text: Some("sud".into()),
                limit: 100,
                ..Default::default()
            },
        ),
        (
            "by name, page 2",
            EntityQuery {
                sort: dossier_api::types::EntitySort::Name,
                offset: 100,
                limit: 100,
                ..Default::default()
            },
        ),
    ];
    for (what, query) in entity_queries {
        out.push(measure(repeat, "entities", what, || {
            Ok(library.entities(&query)?.rows.len())
        })?);
    }

    let window = |from: &str, to: &str| GeoQuery {
        from: Some(from.into()),
        to: Some(to.into()),
        ..Default::default()
    };
    let geo: [(&str, GeoQuery); 5] = [
        ("whole library", GeoQuery::default()),
        ("one year (2020)", window("2020", "2020")),
        ("one month (2020-03)", window("2020-03", "2020-03")),
        (
            "one entity",
            GeoQuery {
                entity_id: Some(entity),
                ..Default::default()
            },
        ),
        (
            "one entity, one year",
            GeoQuery {
                entity_id: Some(entity),
                ..window("2020", "2020")
            },
        ),
    ];
    for (what, query) in &geo {
        // As the app asks: at most 10,000 events per view.
        let query = TimelineQuery {
            geo: query.clone(),
            limit: 10_000,
            ..Default::default()
        };
        out.push(measure(repeat, "timeline", what, || {
            Ok(library.timeline(&query)?.events.len())
        })?);
    }
    out.push(measure(repeat, "timeline", "airstrikes, one year", || {
        Ok(library
            .timeline(&TimelineQuery {
                geo: window("2020", "2020"),
                kind: Some("airstrike".into()),
                limit: 10_000,
                ..Default::default()
            })?
            .events
            .len())
    })?);
    for (what, query) in &geo {
        out.push(measure(repeat, "map", what, || {
            Ok(library.places(query)?.len())
        })?);
    }
    Ok(out)
}

/// Runs `f` up to `repeat` times (at least 5, and fewer than `repeat` once
/// 20 s have gone) and takes the median and 95th percentile.
fn measure(
    repeat: usize,
    view: &str,
    what: &str,
    mut f: impl FnMut() -> Result<usize>,
) -> Result<Latency> {
    let mut times = Vec::with_capacity(repeat);
    let mut cpu_times = Vec::with_capacity(repeat);
    let mut hits = 0;
    let started = Instant::now();
    for i in 0..repeat.max(1) {
        if i >= 5 && started.elapsed().as_secs() >= 20 {
            break;
        }
        let cpu = thread_cpu_ns();
        let t = Instant::now();
        hits = f()?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        cpu_times.push((thread_cpu_ns() - cpu) as f64 / 1e6);
    }
    let at = |times: &mut Vec<f64>, q: f64| {
        times.sort_by(|a, b| a.total_cmp(b));
        times[((times.len() as f64 - 1.0) * q).round() as usize]
    };
    Ok(Latency {
        view: view.to_string(),
        what: what.to_string(),
        hits,
        runs: times.len(),
        p50_ms: at(&mut times, 0.5),
        p95_ms: at(&mut times, 0.95),
        cpu_p50_ms: at(&mut cpu_times, 0.5),
        cpu_p95_ms: at(&mut cpu_times, 0.95),
    })
}

/// Nanoseconds the calling thread has run on a CPU (first field of
/// `/proc/thread-self/schedstat`); 0 where it is missing.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Forgets the process' peak resident memory so far (Linux: writing 5 to
/// `clear_refs` resets VmHWM), so that the next reading is the peak of what
/// runs in between.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process' peak resident memory (VmHWM) in MB; 0 where /proc is missing.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Free space on the disk holding `path`, in GB (from `df`).
fn free_gb(path: &Path) -> Option<f64> {
    let out = std::process::Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(path)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let bytes: f64 = text.lines().nth(1)?.trim().parse().ok()?;
    Some(bytes / 1e9)
}

fn remove_library(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
    let _ = std::fs::remove_dir_all(with_suffix(path, ".search"));
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// A SQLite file with its WAL, in MB.
fn file_size(path: &Path) -> f64 {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| std::fs::metadata(with_suffix(path, s)).map_or(0, |m| m.len()))
        .sum::<u64>() as f64
        / 1e6
}

fn dir_size(path: &Path) -> f64 {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum::<u64>() as f64
        / 1e6
}
