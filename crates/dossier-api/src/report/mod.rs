//! Reports an analyst can hand over: one selection of the library (all of it, a
//! search, a story, an entity, a time window) gathered once into a [`Report`],
//! then written as HTML, PDF, Markdown or DOCX by one writer file each.
//!
//! Provenance is the rule: every event, figure, disagreement and profile cites
//! the numbered sources it came from, and the source list gives the full
//! citation of each number.

mod docx;
mod figure;
pub(crate) mod gather;
mod html;
mod markdown;
mod pdf;
mod raster;
mod text;

use serde::{Deserialize, Serialize};

use crate::types::{EntityRow, EventActor, EventDisagreement, EventRow, PlaceRow};
use crate::{ApiError, ArticleRow, Library};

pub use figure::{Figure, Mark};

/// The part of the library a report covers. Every field narrows it; none
/// given means the whole library.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// A search query (the search box's syntax).
    #[serde(default)]
    pub query: Option<String>,
    /// One story: an article and its near-duplicate versions.
    #[serde(default)]
    pub story_id: Option<i64>,
    /// Articles that mention this entity, events it acts in.
    #[serde(default)]
    pub entity_id: Option<i64>,
    /// A time window, inclusive ISO dates of any precision (`2023-11`): events
    /// dated in it, articles that talk about it.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

impl Selection {
    pub fn is_whole_library(&self) -> bool {
        self.query.is_none()
            && self.story_id.is_none()
            && self.entity_id.is_none()
            && self.from.is_none()
            && self.to.is_none()
    }
}

/// Which parts a report has; all of them unless the user unticks some.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sections {
    pub summary: bool,
    pub timeline: bool,
    pub map: bool,
    pub entities: bool,
    pub disagreements: bool,
    pub sources: bool,
}

impl Default for Sections {
    fn default() -> Sections {
        Sections {
            summary: true,
            timeline: true,
            map: true,
            entities: true,
            disagreements: true,
            sources: true,
        }
    }
}

impl Sections {
    /// Parses a comma-separated list (`summary,timeline,sources`).
    pub fn parse(list: &str) -> Result<Sections, String> {
        let mut s = Sections {
            summary: false,
            timeline: false,
            map: false,
            entities: false,
            disagreements: false,
            sources: false,
        };
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "summary" => s.summary = true,
                "timeline" => s.timeline = true,
                "map" => s.map = true,
                "entities" => s.entities = true,
                "disagreements" => s.disagreements = true,
                "sources" => s.sources = true,
                other => {
                    return Err(format!(
                        "unknown report section '{other}' (summary, timeline, map, entities, disagreements, sources)"
                    ))
                }
            }
        }
        Ok(s)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReportRequest {
    /// The report's title; a title naming the selection when empty.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub selection: Selection,
    #[serde(default)]
    pub sections: Sections,
    /// How many entity profiles at most (0: 12).
    #[serde(default)]
    pub max_entities: usize,
}

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Html,
    Pdf,
    Md,
    Docx,
}

impl ReportFormat {
    pub fn parse(s: &str) -> Option<ReportFormat> {
        Some(match s.to_ascii_lowercase().as_str() {
            "html" | "htm" => ReportFormat::Html,
            "pdf" => ReportFormat::Pdf,
            "md" | "markdown" => ReportFormat::Md,
            "docx" => ReportFormat::Docx,
            _ => return None,
        })
    }

    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Md => "md",
            ReportFormat::Docx => "docx",
        }
    }
}

/// Everything a report says, gathered from the library once.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    /// The selection in words ("Search “airstrike”, 1–30 Nov 2023").
    pub scope: String,
    /// When the report was made (UTC, ISO 8601 to the minute).
    pub generated: String,
    pub sections: Sections,
    pub summary: Summary,
    pub events: Vec<ReportEvent>,
    pub places: Vec<PlaceRow>,
    /// Names in the selection the resolver could not place with confidence
    /// (kept off the map until the user places them), with their mentions.
    pub unplaced: Vec<(String, i64)>,
    pub profiles: Vec<Profile>,
    /// Every article the report cites, numbered from 1 in this order.
    pub sources: Vec<ArticleRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub articles: usize,
    pub stories: usize,
    pub events: usize,
    pub entities: usize,
    pub places: usize,
    /// Outlets with their article counts, most first.
    pub outlets: Vec<(String, usize)>,
    /// Earliest and latest publication dates of the articles.
    pub published: Option<(String, String)>,
    /// Earliest and latest dated event.
    pub events_span: Option<(String, String)>,
    pub killed: i64,
    pub injured: i64,
    /// Events whose sources disagree on a figure, a date or a place.
    pub disputed_events: usize,
}

/// An event with its citations as source numbers (1-based, into `Report::sources`).
#[derive(Debug, Clone, Serialize)]
pub struct ReportEvent {
    /// E1, E2, … in date order: how the drawn timeline labels it.
    pub number: usize,
    pub row: EventRow,
    pub actors: Vec<EventActor>,
    pub sources: Vec<usize>,
    /// The sentence of the first source, as evidence.
    pub quote: Option<Quote>,
    pub disagreements: Vec<Disagreement>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub sentence: String,
    pub source: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    pub field: String,
    /// Each value with the sources that give it.
    pub values: Vec<(String, Vec<usize>)>,
}

impl Disagreement {
    fn from_store(d: &EventDisagreement, cite: &dyn Fn(i64) -> Option<usize>) -> Disagreement {
        Disagreement {
            field: d.field.clone(),
            values: d
                .values
                .iter()
                .map(|v| {
                    let mut sources: Vec<usize> =
                        v.article_ids.iter().filter_map(|&a| cite(a)).collect();
                    sources.sort_unstable();
                    sources.dedup();
                    (v.value.clone(), sources)
                })
                .collect(),
        }
    }
}

/// An entity profile.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub entity: EntityRow,
    pub aliases: Vec<String>,
    /// Mentions inside the selection.
    pub mentions: usize,
    /// Roles in the selection's events (`actor`, `target`, …) with counts.
    pub roles: Vec<(String, usize)>,
    /// Numbers of the events it takes part in.
    pub events: Vec<usize>,
    /// A sentence that mentions it.
    pub quote: Option<Quote>,
    /// Entities mentioned in the same articles, most shared first.
    pub related: Vec<String>,
}

impl Report {
    /// The 1-based number of an article in the source list.
    pub fn source_number(&self, article_id: i64) -> Option<usize> {
        self.sources
            .iter()
            .position(|a| a.id == article_id)
            .map(|i| i + 1)
    }

    pub fn timeline_figure(&self) -> Option<Figure> {
        figure::timeline(&self.events)
    }

    pub fn map_figure(&self) -> Option<Figure> {
        figure::map(&self.places, &self.events)
    }

    /// Writes the report in a format.
    pub fn render(&self, format: ReportFormat) -> Result<Vec<u8>, ApiError> {
        Ok(match format {
            ReportFormat::Html => html::render(self).into_bytes(),
            ReportFormat::Md => markdown::render(self).into_bytes(),
            ReportFormat::Pdf => pdf::render(self)?,
            ReportFormat::Docx => docx::render(self)?,
        })
    }
}

impl Library {
    /// Gathers a report over a selection.
    pub fn report(&self, request: &ReportRequest) -> Result<Report, ApiError> {
        gather::report(self, request)
    }
}
