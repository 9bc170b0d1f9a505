//! `dossier bench`: generates a corpus, imports it into a fresh library and
//! prints throughput and search latency. Figures, never assertions.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use dossier_api::types::{ListRequest, SearchRequest};
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
    /// Times each query is run for the latency figures.
    #[arg(long, default_value_t = 50)]
    repeat: usize,
}

#[derive(Serialize)]
struct BenchReport {
    articles: usize,
    corpus_mb: f64,
    import_seconds: f64,
    articles_per_second: f64,
    mb_per_second: f64,
    threads: usize,
    library_mb: f64,
    queries: Vec<Latency>,
}

#[derive(Serialize)]
struct Latency {
    what: String,
    hits: usize,
    p50_ms: f64,
    p95_ms: f64,
}

pub fn run(args: &BenchArgs, json: bool) -> Result<()> {
    let temp = tempfile::tempdir()?;
    let root = args
        .dir
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    let corpus_dir = root.join("corpus");
    eprintln!(
        "generating {} articles in {}",
        args.articles,
        corpus_dir.display()
    );
    let bytes = corpus::write_corpus(&corpus_dir, args.articles, args.seed)
        .context("writing the corpus")?;

    let library_path = root.join("bench.sqlite");
    let library = Library::open(&library_path)?;
    let plan = plan_import(&[corpus_dir]);
    let bar = crate::output::ProgressBar::new(plan.files.len(), json);
    let started = Instant::now();
    let report = library.import(&plan, &|p| bar.update(p), &AtomicBool::new(false))?;
    let seconds = started.elapsed().as_secs_f64();
    bar.finish();

    let mut queries = Vec::new();
    for q in [
        "airstrike Baghdad",
        "\"Kataib Hezbollah\"",
        "attack*",
        "drone OR rocket",
        "Hillah -protest",
        "officials said",
    ] {
        queries.push(measure(args.repeat, q, || {
            let page = library.search(&SearchRequest {
                query: q.to_string(),
                limit: 20,
                ..Default::default()
            })?;
            Ok(page.total)
        })?);
    }
    queries.push(measure(args.repeat, "list newest 100", || {
        Ok(library
            .list(&ListRequest {
                limit: 100,
                ..Default::default()
            })?
            .rows
            .len())
    })?);

    let library_mb =
        dir_size(&root.join("bench.sqlite")) + dir_size(&root.join("bench.sqlite.search"));
    let result = BenchReport {
        articles: report.articles_added,
        corpus_mb: bytes as f64 / 1e6,
        import_seconds: seconds,
        articles_per_second: report.articles_added as f64 / seconds,
        mb_per_second: bytes as f64 / 1e6 / seconds,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        library_mb,
        queries,
    };
    crate::output::print(&result, json, |r| {
        println!(
            "import: {} articles ({:.1} MB) in {:.1}s on {} threads",
            r.articles, r.corpus_mb, r.import_seconds, r.threads
        );
        println!(
            "        {:.0} articles/s, {:.1} MB/s; library {:.1} MB on disk",
            r.articles_per_second, r.mb_per_second, r.library_mb
        );
        for q in &r.queries {
            println!(
                "query {:<22} {:>6} hits  p50 {:>7.2} ms  p95 {:>7.2} ms",
                q.what, q.hits, q.p50_ms, q.p95_ms
            );
        }
    })
}

fn measure(repeat: usize, what: &str, mut f: impl FnMut() -> Result<usize>) -> Result<Latency> {
    let mut times = Vec::with_capacity(repeat);
    let mut hits = 0;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        hits = f()?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    Ok(Latency {
        what: what.to_string(),
        hits,
        p50_ms: at(0.5),
        p95_ms: at(0.95),
    })
}

fn dir_size(path: &std::path::Path) -> f64 {
    let mut total = 0u64;
    if path.is_dir() {
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            total += entry.metadata().map_or(0, |m| m.len());
        }
    } else {
        total = std::fs::metadata(path).map_or(0, |m| m.len());
        for suffix in ["-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            total += std::fs::metadata(std::path::PathBuf::from(p)).map_or(0, |m| m.len());
        }
    }
    total as f64 / 1e6
}
