//! The import pipeline: paths → plan → files read and analysed in parallel →
//! written in batched transactions (each file all-or-nothing) → search index.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use dossier_readers::{read_file, supported_extensions, Document, Limits};
use dossier_store::{FileWrite, NewSource, SourceOutcome, Store};

use crate::analyse::analyse;
use sha2::{Digest, Sha256};

use crate::types::{FileOutcome, ImportPlan, ImportProgress, ImportReport};
use crate::ApiError;

/// Files written per transaction. Larger batches amortise commits; smaller ones
/// show progress sooner and lose less work to a crash.
const BATCH_FILES: usize = 256;
const BATCH_BYTES: u64 = 32 * 1024 * 1024;
/// How long the writer waits to fill a batch before writing what it has.
const BATCH_WAIT: Duration = Duration::from_millis(250);
/// How often the search index catches up during an import: a tantivy commit
/// writes and syncs a segment, so committing per batch would dominate the import.
const INDEX_SYNC_EVERY: Duration = Duration::from_secs(3);
/// Event mentions that wait before a long import merges them mid-way (about
/// 28,000 news articles' worth). A merge while the workers still hold their
/// documents adds its memory to theirs, so an import of ordinary size merges
/// once, at its end; only a very long one merges in steps, which bounds its
/// memory without reopening the same events again and again.
pub(crate) const MERGE_EVENTS_AT: usize = 200_000;

/// Expands dropped or picked paths into the files an import will read: folders
/// are walked (hidden entries and browsers' `Name_files/` companions of saved
/// pages skipped), files in folders that Dossier cannot read are listed as
/// skipped, and files named explicitly are always attempted so that their
/// failure is reported with its reason.
pub fn plan_import(paths: &[PathBuf]) -> ImportPlan {
    let mut plan = ImportPlan::default();
    let mut seen = HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(err) => plan
                .skipped
                .push((path.clone(), format!("cannot open: {err}"))),
            Ok(meta) if meta.is_dir() => walk_folder(path, &mut plan, &mut seen),
            Ok(_) => {
                if seen.insert(path.clone()) {
                    plan.files.push(path.clone());
                }
            }
        }
    }
    plan
}

fn walk_folder(dir: &Path, plan: &mut ImportPlan, seen: &mut HashSet<PathBuf>) {
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(err) => {
            plan.skipped
                .push((dir.to_path_buf(), format!("cannot read folder: {err}")));
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    let names: HashSet<String> = entries
        .iter()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let supported = supported_extensions();
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_symlink() {
            plan.skipped
                .push((path, "symbolic link (not followed inside folders)".into()));
        } else if file_type.is_dir() {
            if is_saved_page_companion(&name, &names) {
                continue;
            }
            walk_folder(&path, plan, seen);
        } else {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            match ext {
                Some(ext) if supported.contains(&ext.as_str()) => {
                    if seen.insert(path.clone()) {
                        plan.files.push(path);
                    }
                }
                Some(ext) => plan
                    .skipped
                    .push((path, format!("unsupported format '.{ext}'"))),
                None => plan.skipped.push((path, "no file extension".into())),
            }
        }
    }
}

/// Browsers save a page as `Name.html` plus a `Name_files/` folder of scripts,
/// images and frames; those are not articles.
fn is_saved_page_companion(dir_name: &str, siblings: &HashSet<String>) -> bool {
    dir_name.strip_suffix("_files").is_some_and(|stem| {
        ["html", "htm", "xhtml"]
            .iter()
            .any(|ext| siblings.contains(&format!("{stem}.{ext}")))
    })
}

/// How much analysis an import does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Analysis {
    /// Everything an article gets in the app.
    Full,
    /// Sentences and the near-duplicate fingerprint only: what reading,
    /// storing and indexing cost without entities, times, places and events
    /// (`dossier bench` measures the two apart).
    StorageOnly,
}

/// A file after reading and analysis, waiting for the writer.
enum Prepared {
    Already {
        path: String,
        file_sha256: String,
    },
    Write {
        path: String,
        write: FileWrite,
        failures: Vec<FileOutcome>,
    },
    Failed(FileOutcome),
}

pub(crate) fn run_import(
    store: &Store,
    plan: &ImportPlan,
    progress: &(dyn Fn(&ImportProgress) + Sync),
    cancel: &AtomicBool,
    analysis: Analysis,
) -> Result<ImportReport, ApiError> {
    let started = Instant::now();
    let files = &plan.files;
    let bytes_total: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let mut state = ImportProgress {
        files_done: 0,
        files_total: files.len(),
        current: None,
        bytes_done: 0,
        bytes_total,
    };
    progress(&state);

    let next = AtomicUsize::new(0);
    let current = Mutex::new(None::<String>);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(files.len())
        .max(1);
    let (tx, rx) = mpsc::sync_channel::<Done>(workers * 2);
    let limits = Limits::default();
    let mut report = ImportReport::default();
    let mut outcomes: Vec<(usize, FileOutcome)> = Vec::new();

    let written = std::thread::scope(|scope| -> Result<(), ApiError> {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, current, limits) = (&next, &current, &limits);
            scope.spawn(move || loop {
                if cancel.load(Ordering::Relaxed) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                *current.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some(path.display().to_string());
                let size = std::fs::metadata(path).map_or(0, |m| m.len());
                let prepared =
                    catch_unwind(AssertUnwindSafe(|| prepare(store, path, limits, analysis)))
                        .unwrap_or_else(|_| {
                            Prepared::Failed(failed(
                                path,
                                "internal",
                                "the file could not be analysed (a bug)",
                            ))
                        });
                if tx
                    .send(Done {
                        index: i,
                        size,
                        prepared,
                    })
                    .is_err()
                {
                    break;
                }
            });
        }
        drop(tx);
        let mut batch: Vec<Done> = Vec::new();
        let mut last_sync = Instant::now();
        // The receiver lives in this closure: when the writer returns early with
        // an error, dropping it makes the workers' `send` fail so they stop, and
        // the scope can end. Held outside, it kept them blocked on a full
        // channel and the import hung instead of reporting the error.
        let rx = rx;
        while let Ok(first) = rx.recv() {
            let batch_started = Instant::now();
            let mut batch_bytes = first.size;
            batch.push(first);
            while batch.len() < BATCH_FILES && batch_bytes < BATCH_BYTES {
                let left = BATCH_WAIT.saturating_sub(batch_started.elapsed());
                match rx.recv_timeout(left) {
                    Ok(more) => {
                        batch_bytes += more.size;
                        batch.push(more);
                    }
                    Err(_) => break,
                }
            }
            let done = write_batch(store, std::mem::take(&mut batch), &mut outcomes)?;
            state.files_done += done.0;
            state.bytes_done += done.1;
            state.current = current.lock().unwrap_or_else(|p| p.into_inner()).clone();
            progress(&state);
            // Search catches up as the import goes; events in large steps
            // (see MERGE_EVENTS_AT).
            if last_sync.elapsed() >= INDEX_SYNC_EVERY {
                store.sync_index_keeping_writer()?;
                store.merge_events_waiting(MERGE_EVENTS_AT)?;
                last_sync = Instant::now();
            }
        }
        Ok(())
    });
    // Also after a failed import: the index writer must go back, or an app
    // that keeps the library open would lock every other process out of it.
    let synced = store.sync_index();
    written?;
    synced?;

    report.cancelled = cancel.load(Ordering::Relaxed) && state.files_done < files.len();
    // Files finish in any order; the report follows the order they were given in.
    outcomes.sort_by_key(|(index, _)| *index);
    report.files = outcomes.into_iter().map(|(_, outcome)| outcome).collect();
    for (path, reason) in &plan.skipped {
        report.files.push(FileOutcome::Skipped {
            path: path.display().to_string(),
            reason: reason.clone(),
        });
    }
    tally(&mut report);
    // The last mentions get their events; only the stored events near new
    // mentions are ever reopened.
    if report.articles_added > 0 {
        store.merge_new_events()?;
    }
    report.seconds = started.elapsed().as_secs_f64();
    state.current = None;
    progress(&state);
    Ok(report)
}

/// A prepared file with its place in the plan.
struct Done {
    index: usize,
    size: u64,
    prepared: Prepared,
}

/// Writes one batch; returns (files, bytes) done. Outcomes are tagged with the
/// file's place in the plan.
fn write_batch(
    store: &Store,
    batch: Vec<Done>,
    outcomes: &mut Vec<(usize, FileOutcome)>,
) -> Result<(usize, u64), ApiError> {
    let files = batch.len();
    let bytes = batch.iter().map(|d| d.size).sum();
    // Workers finish in any order; writing in the order the files were given
    // makes ids, and so the ties ordered by id (which of two events of the
    // same day comes first), the same from run to run when a batch holds them.
    let mut batch = batch;
    batch.sort_by_key(|d| d.index);
    let mut writes = Vec::new();
    let mut pending = Vec::new();
    for Done {
        index, prepared, ..
    } in batch
    {
        match prepared {
            Prepared::Failed(outcome) => outcomes.push((index, outcome)),
            Prepared::Already { path, file_sha256 } => {
                let article_ids = store.articles_of_file(&file_sha256)?;
                outcomes.push((index, FileOutcome::AlreadyInLibrary { path, article_ids }));
            }
            Prepared::Write {
                path,
                write,
                failures,
            } => {
                outcomes.extend(failures.into_iter().map(|f| (index, f)));
                pending.push((index, path));
                writes.push(write);
            }
        }
    }
    if writes.is_empty() {
        return Ok((files, bytes));
    }
    let results = store.write_files(writes)?;
    for ((index, path), result) in pending.into_iter().zip(results) {
        match result {
            Ok(written) => outcomes.extend(written.into_iter().map(|o| (index, source_outcome(o)))),
            Err(err) => outcomes.push((
                index,
                failed_named(&path, "storage", &format!("could not be stored: {err}")),
            )),
        }
    }
    Ok((files, bytes))
}

/// Archive entries and mailbox messages are reported under their own paths.
fn source_outcome(outcome: SourceOutcome) -> FileOutcome {
    match outcome {
        SourceOutcome::Added { name, article_ids } => FileOutcome::Added {
            path: name,
            article_ids,
        },
        SourceOutcome::AlreadyPresent { name, article_ids } => FileOutcome::AlreadyInLibrary {
            path: name,
            article_ids,
        },
    }
}

fn tally(report: &mut ImportReport) {
    for outcome in &report.files {
        match outcome {
            FileOutcome::Added { article_ids, .. } => report.articles_added += article_ids.len(),
            FileOutcome::AlreadyInLibrary { .. } => report.already_in_library += 1,
            FileOutcome::Failed { .. } => report.failed += 1,
            FileOutcome::Skipped { .. } => report.skipped += 1,
        }
    }
}

fn failed(path: &Path, kind: &str, reason: &str) -> FileOutcome {
    failed_named(&path.display().to_string(), kind, reason)
}

fn failed_named(path: &str, kind: &str, reason: &str) -> FileOutcome {
    FileOutcome::Failed {
        path: path.to_string(),
        reason: reason.to_string(),
        kind: kind.to_string(),
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Reads and analyses one file (the parallel part of the import).
fn prepare(store: &Store, path: &Path, limits: &Limits, analysis: Analysis) -> Prepared {
    let display = path.display().to_string();
    let bytes = match read_bounded(path, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(reason) => return Prepared::Failed(failed(path, "io", &reason)),
    };
    let file_sha256 = sha256_hex(&bytes);
    match store.is_file_imported(&file_sha256) {
        Ok(true) => {
            return Prepared::Already {
                path: display,
                file_sha256,
            }
        }
        Ok(false) => {}
        Err(err) => return Prepared::Failed(failed(path, "storage", &err.to_string())),
    }
    let name = path
        .file_name()
        .map_or_else(|| display.clone(), |n| n.to_string_lossy().into_owned());
    let items = read_file(&name, bytes, limits);
    let mut sources = Vec::new();
    let mut failures = Vec::new();
    let top_level = items.len() == 1 && items[0].name == name;
    for item in items {
        let item_path = if top_level {
            display.clone()
        } else {
            inner_path(&display, &name, &item.name)
        };
        match item.result {
            Err(err) => failures.push(failed_named(
                &item_path,
                &format!("{:?}", err.kind).to_lowercase(),
                &err.message,
            )),
            Ok(documents) => sources.extend(sources_of(
                &item.name,
                &item_path,
                item.reader,
                &item.bytes,
                documents,
                analysis,
            )),
        }
    }
    if sources.is_empty() {
        return match failures.len() {
            1 => Prepared::Failed(failures.remove(0)),
            0 => Prepared::Failed(failed(path, "no_text", "no article text found in the file")),
            _ => Prepared::Write {
                path: display,
                write: FileWrite {
                    file_sha256,
                    name,
                    sources,
                    complete: false,
                },
                failures,
            },
        };
    }
    let complete = failures.is_empty();
    Prepared::Write {
        path: display,
        write: FileWrite {
            file_sha256,
            name,
            sources,
            complete,
        },
        failures,
    }
}

/// `dir/a.zip` + entry `a.zip/inner/x.html` → `dir/a.zip/inner/x.html`.
fn inner_path(display: &str, name: &str, item_name: &str) -> String {
    match item_name.strip_prefix(name) {
        Some(rest) => format!("{display}{rest}"),
        None => format!("{display}/{item_name}"),
    }
}

fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot open: {e}"))?;
    if meta.is_dir() {
        return Err("is a folder".into());
    }
    if meta.len() > max {
        return Err(format!(
            "the file is {} MB, over the {} MB limit",
            meta.len() >> 20,
            max >> 20
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

/// Groups an item's documents into sources: a document with its own byte range
/// (an mbox message) is its own source, the rest share the item's bytes.
fn sources_of(
    name: &str,
    path: &str,
    reader: Option<&str>,
    bytes: &[u8],
    documents: Vec<Document>,
    analysis: Analysis,
) -> Vec<NewSource> {
    let reader = reader.unwrap_or("unknown").to_string();
    let mut whole = Vec::new();
    let mut sources = Vec::new();
    for (k, document) in documents.into_iter().enumerate() {
        let article = match analysis {
            Analysis::Full => analyse(document),
            Analysis::StorageOnly => crate::analyse::unanalysed(document),
        };
        match article.document.part {
            Some((start, end)) if start < end && end <= bytes.len() => {
                let part = bytes[start..end].to_vec();
                sources.push(NewSource {
                    sha256: sha256_hex(&part),
                    name: format!("{name}#{}", k + 1),
                    path: Some(format!("{path}#{}", k + 1)),
                    reader: reader.clone(),
                    bytes: part,
                    articles: vec![article],
                });
            }
            _ => whole.push(article),
        }
    }
    if !whole.is_empty() {
        sources.insert(
            0,
            NewSource {
                sha256: sha256_hex(bytes),
                name: name.to_string(),
                path: Some(path.to_string()),
                reader,
                bytes: bytes.to_vec(),
                articles: whole,
            },
        );
    }
    sources
}
