//! `dossier export --format html|pdf|md|docx`: a report over a selection, and
//! the selection options every export shares.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use clap::Args;
use dossier_api::report::{ReportFormat, ReportRequest, Sections, Selection};
use dossier_api::Library;

/// What part of the library to export (all of it when none is given).
#[derive(Args, Debug, Default)]
pub struct SelectionArgs {
    /// Only what a search finds (the search box's syntax).
    #[arg(long)]
    query: Option<String>,
    /// Only one story (its id, as `list --json` gives it).
    #[arg(long)]
    story: Option<i64>,
    /// Only articles mentioning an entity, and its events (a name or an id).
    #[arg(long)]
    entity: Option<String>,
    /// A time window: events dated, articles talking about, from this date (ISO, any precision).
    #[arg(long)]
    from: Option<String>,
    /// ... to this date (inclusive).
    #[arg(long)]
    to: Option<String>,
}

impl SelectionArgs {
    pub fn resolve(&self, library: &Library) -> Result<Selection> {
        let entity_id = match &self.entity {
            Some(name) => Some(library.resolve_entity(name)?.id),
            None => None,
        };
        Ok(Selection {
            query: self.query.clone(),
            story_id: self.story,
            entity_id,
            from: self.from.clone(),
            to: self.to.clone(),
        })
    }
}

pub fn write(
    library: &Library,
    format: ReportFormat,
    selection: Selection,
    title: &Option<String>,
    sections: &Option<String>,
    output: &Path,
) -> Result<()> {
    let sections = match sections {
        Some(list) => Sections::parse(list).map_err(anyhow::Error::msg)?,
        None => Sections::default(),
    };
    // Gathering and writing a big selection takes seconds: on a terminal, say
    // what is happening (a status line, rewritten in place).
    let status = |text: &str| {
        if std::io::stderr().is_terminal() {
            eprint!("\r\x1b[2K{text}");
        }
    };
    status("gathering the report…");
    let report = library.report(&ReportRequest {
        title: title.clone(),
        selection,
        sections,
        max_entities: 0,
    })?;
    status(&format!(
        "writing {} and {} as {}…",
        plural(report.events.len(), "event"),
        plural(report.sources.len(), "source"),
        format.extension()
    ));
    let bytes = report.render(format)?;
    status("");
    std::fs::write(output, &bytes).with_context(|| format!("writing {}", output.display()))?;
    eprintln!(
        "wrote {} ({} bytes): {}; {}, {}",
        output.display(),
        bytes.len(),
        report.scope,
        plural(report.events.len(), "event"),
        plural(report.sources.len(), "source")
    );
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
