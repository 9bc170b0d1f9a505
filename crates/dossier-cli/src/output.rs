//! How the CLI prints things: aligned text for people, JSON for scripts.

use std::io::IsTerminal;

use anyhow::Result;
use dossier_api::types::{
    ArticleDetail, ArticlePage, FileOutcome, ImportProgress, ImportReport, LibraryStats,
    OutletCount, SearchPage, Snippet,
};
use serde::Serialize;

/// Prints `value` as JSON, or with `human` for people.
pub fn print<T: Serialize>(value: &T, json: bool, human: impl FnOnce(&T)) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        human(value);
    }
    Ok(())
}

/// A progress bar on standard error, drawn only for people at a terminal.
pub struct ProgressBar(Option<indicatif::ProgressBar>);

impl ProgressBar {
    pub fn new(total: usize, quiet: bool) -> ProgressBar {
        if quiet || !std::io::stderr().is_terminal() {
            return ProgressBar(None);
        }
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:32.cyan/blue} {pos}/{len} files  {binary_bytes_per_sec}  {wide_msg}",
            )
            .expect("valid template"),
        );
        ProgressBar(Some(bar))
    }

    pub fn update(&self, p: &ImportProgress) {
        if let Some(bar) = &self.0 {
            bar.set_position(p.files_done as u64);
            bar.set_message(p.current.clone().unwrap_or_default());
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// A progress bar over a count of things (articles re-analysed, ...).
pub struct CountBar(Option<indicatif::ProgressBar>);

impl CountBar {
    pub fn new(unit: &str, quiet: bool) -> CountBar {
        if quiet || !std::io::stderr().is_terminal() {
            return CountBar(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(&format!(
                "{{bar:32.cyan/blue}} {{pos}}/{{len}} {unit}  {{per_sec}}  eta {{eta}}"
            ))
            .expect("valid template"),
        );
        CountBar(Some(bar))
    }

    pub fn update(&self, done: usize, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

pub fn import_report(report: &ImportReport, json: bool) -> Result<()> {
    print(report, json, |r| {
        for file in &r.files {
            match file {
                FileOutcome::Added { path, article_ids } => {
                    println!(
                        "added    {path} ({} article{})",
                        article_ids.len(),
                        plural(article_ids.len())
                    )
                }
                FileOutcome::AlreadyInLibrary { path, .. } => {
                    println!("already in library  {path}")
                }
                FileOutcome::Failed { path, reason, .. } => eprintln!("failed   {path}: {reason}"),
                FileOutcome::Skipped { path, reason } => println!("skipped  {path}: {reason}"),
            }
        }
        println!(
            "{} article{} added, {} already in library, {} failed, {} skipped in {:.1}s{}",
            r.articles_added,
            plural(r.articles_added),
            r.already_in_library,
            r.failed,
            r.skipped,
            r.seconds,
            if r.cancelled { " (cancelled)" } else { "" }
        );
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub fn article_page(page: &ArticlePage, json: bool) -> Result<()> {
    print(page, json, |p| {
        for row in &p.rows {
            let story = if row.story_size > 1 {
                format!("  [story {} ×{}]", row.story_id, row.story_size)
            } else {
                String::new()
            };
            println!(
                "{:>6}  {:<16}  {:<24}  {}{}",
                row.id,
                row.published.as_deref().unwrap_or("—"),
                truncate(row.outlet.as_deref().unwrap_or(""), 24),
                row.title,
                story
            );
        }
        println!("{} of {} articles", p.rows.len(), p.total);
    })
}

pub fn article(a: &ArticleDetail, json: bool) -> Result<()> {
    print(a, json, |a| {
        println!("#{}  {}", a.id, a.title.value);
        let field = |label: &str, value: Option<String>, source: Option<&str>| {
            let src = source.map(|s| format!("  ({s})")).unwrap_or_default();
            println!("{label:>10}: {}{src}", value.unwrap_or_else(|| "—".into()));
        };
        field(
            "outlet",
            a.outlet.as_ref().map(|o| o.value.clone()),
            a.outlet.as_ref().map(|o| o.source.as_str()),
        );
        let authors = (!a.authors.value.is_empty()).then(|| a.authors.value.join("; "));
        field(
            "authors",
            authors.clone(),
            authors.as_ref().map(|_| a.authors.source.as_str()),
        );
        field(
            "date",
            a.published.as_ref().map(|d| d.value.clone()),
            a.published.as_ref().map(|d| d.source.as_str()),
        );
        if let Some(note) = &a.date_note {
            println!("{:>10}  {note}", "");
        }
        field("url", a.url.clone(), None);
        field(
            "file",
            Some(format!("{} ({})", a.source_name, a.reader)),
            None,
        );
        if !a.story_articles.is_empty() {
            let ids: Vec<String> = a
                .story_articles
                .iter()
                .map(|r| format!("#{} {}", r.id, r.title))
                .collect();
            field("story", Some(ids.join("; ")), None);
        }
        for w in &a.warnings {
            println!("{:>10}: {w}", "warning");
        }
        println!("\n{}", a.text);
    })
}

pub fn search_page(page: &SearchPage, json: bool) -> Result<()> {
    print(page, json, |p| {
        let color = std::io::stdout().is_terminal();
        for hit in &p.hits {
            let a = &hit.article;
            println!(
                "{:>6}  {:<10}  {}  — {}",
                a.id,
                a.published.as_deref().unwrap_or("—"),
                a.title,
                a.outlet.as_deref().unwrap_or("")
            );
            println!("        {}", highlighted(&hit.snippet, color));
        }
        println!("{} of {} matching articles", p.hits.len(), p.total);
    })
}

/// The snippet with its highlights in bold (terminal) or [brackets] (pipes).
fn highlighted(snippet: &Snippet, color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in &snippet.highlights {
        if start < at || end > snippet.text.len() {
            continue;
        }
        out.push_str(&snippet.text[at..start]);
        out.push_str(open);
        out.push_str(&snippet.text[start..end]);
        out.push_str(close);
        at = end;
    }
    out.push_str(&snippet.text[at..]);
    out.replace('\n', " ")
}

pub fn outlets(outlets: &[OutletCount], json: bool) -> Result<()> {
    print(&outlets, json, |o| {
        for row in o.iter() {
            println!("{:>6}  {}", row.articles, row.outlet);
        }
    })
}

pub fn check(stats: &LibraryStats, problems: &[String], json: bool) -> Result<()> {
    #[derive(Serialize)]
    struct Check<'a> {
        stats: &'a LibraryStats,
        problems: &'a [String],
    }
    print(&Check { stats, problems }, json, |c| {
        println!(
            "{}: {} articles, {} stories, {} outlets",
            c.stats.path, c.stats.articles, c.stats.stories, c.stats.outlets
        );
        if c.problems.is_empty() {
            println!("integrity: ok");
        }
        for p in c.problems {
            println!("problem: {p}");
        }
    })
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
