//! Data exports other tools read: events and entities as CSV and JSON, places
//! as GeoJSON, sources as RIS, BibTeX and CSL-JSON. One file per format; this
//! module gathers the library's rows once and hands them to the writer.
//!
//! Every export covers a [`Selection`]: the whole library, or what a search,
//! a story, an entity or a time window picks (the reports use the same one).

mod bibtex;
mod csl;
mod csv;
mod geojson;
mod ris;

use serde::{Deserialize, Serialize};

use crate::report::{gather, Selection};
use crate::types::{
    ArticleFilter, EntityQuery, EntityRow, EventDetail, GeoQuery, ListRequest, PlaceRow,
    TimelineQuery,
};
use crate::{ApiError, ArticleRow, Library, SortOrder};

/// The file formats `dossier export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Json,
    Geojson,
    Ris,
    Bibtex,
    Csljson,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        Some(match s.to_ascii_lowercase().as_str() {
            "csv" => ExportFormat::Csv,
            "json" => ExportFormat::Json,
            "geojson" => ExportFormat::Geojson,
            "ris" => ExportFormat::Ris,
            "bibtex" | "bib" => ExportFormat::Bibtex,
            "csljson" | "csl-json" | "csl" => ExportFormat::Csljson,
            _ => return None,
        })
    }

    /// What a format exports when the user does not say: places for GeoJSON,
    /// sources for the citation formats, events otherwise.
    pub fn default_data(self) -> ExportData {
        match self {
            ExportFormat::Geojson => ExportData::Places,
            ExportFormat::Ris | ExportFormat::Bibtex | ExportFormat::Csljson => ExportData::Sources,
            ExportFormat::Csv | ExportFormat::Json => ExportData::Events,
        }
    }
}

/// Which rows to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportData {
    Events,
    Entities,
    Places,
    Sources,
}

impl ExportData {
    pub fn parse(s: &str) -> Option<ExportData> {
        Some(match s.to_ascii_lowercase().as_str() {
            "events" => ExportData::Events,
            "entities" => ExportData::Entities,
            "places" => ExportData::Places,
            "sources" | "articles" => ExportData::Sources,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    /// Start a CSV file with a UTF-8 byte order mark (for spreadsheet programs
    /// that otherwise guess a legacy encoding).
    pub bom: bool,
}

enum Rows {
    Events(Vec<EventDetail>),
    Entities(Vec<EntityExport>),
    Places(Vec<PlaceRow>),
    Sources(Vec<ArticleRow>),
}

/// An entity with its aliases, as exported.
#[derive(Debug, Clone, Serialize)]
pub struct EntityExport {
    #[serde(flatten)]
    pub entity: EntityRow,
    pub aliases: Vec<String>,
}

impl Library {
    /// Writes the chosen rows of a selection in a format.
    pub fn export(
        &self,
        format: ExportFormat,
        data: ExportData,
        selection: &Selection,
        options: ExportOptions,
    ) -> Result<Vec<u8>, ApiError> {
        let unsupported = || {
            ApiError::new(
                "invalid_input",
                format!("{data:?} cannot be exported as {format:?}").to_lowercase(),
            )
        };
        let supported = matches!(
            (format, data),
            (ExportFormat::Csv | ExportFormat::Json, _)
                | (ExportFormat::Geojson, ExportData::Places)
                | (
                    ExportFormat::Ris | ExportFormat::Bibtex | ExportFormat::Csljson,
                    ExportData::Sources
                )
        );
        if !supported {
            return Err(unsupported());
        }
        let rows = self.rows_of(selection, data)?;
        let text = match (format, rows) {
            (ExportFormat::Csv, Rows::Events(e)) => csv::events(&e),
            (ExportFormat::Csv, Rows::Entities(e)) => csv::entities(&e),
            (ExportFormat::Csv, Rows::Places(p)) => csv::places(&p),
            (ExportFormat::Csv, Rows::Sources(a)) => csv::sources(&a),
            (ExportFormat::Json, Rows::Events(e)) => to_json(&e)?,
            (ExportFormat::Json, Rows::Entities(e)) => to_json(&e)?,
            (ExportFormat::Json, Rows::Places(p)) => to_json(&p)?,
            (ExportFormat::Json, Rows::Sources(a)) => to_json(&a)?,
            (ExportFormat::Geojson, Rows::Places(p)) => geojson::places(&p)?,
            (ExportFormat::Ris, Rows::Sources(a)) => ris::sources(&a),
            (ExportFormat::Bibtex, Rows::Sources(a)) => bibtex::sources(&a),
            (ExportFormat::Csljson, Rows::Sources(a)) => csl::sources(&a)?,
            _ => return Err(unsupported()),
        };
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if options.bom && format == ExportFormat::Csv {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        Ok(bytes)
    }

    /// The rows of one kind that a selection covers.
    fn rows_of(&self, selection: &Selection, data: ExportData) -> Result<Rows, ApiError> {
        if selection.is_whole_library() {
            return Ok(match data {
                ExportData::Events => Rows::Events(self.all_events()?),
                ExportData::Entities => Rows::Entities(self.all_entities()?),
                ExportData::Places => Rows::Places(self.places(&GeoQuery::default())?),
                ExportData::Sources => Rows::Sources(self.all_articles()?),
            });
        }
        let selected = gather::selected(self, selection)?;
        Ok(match data {
            ExportData::Events => Rows::Events(selected.events),
            ExportData::Entities => Rows::Entities(
                selected
                    .entities
                    .iter()
                    .map(|&id| self.entity_export(id))
                    .collect::<Result<_, _>>()?,
            ),
            ExportData::Places => Rows::Places(selected.places),
            ExportData::Sources => Rows::Sources(selected.articles),
        })
    }

    fn entity_export(&self, id: i64) -> Result<EntityExport, ApiError> {
        let detail = self.entity(id)?;
        let aliases = detail
            .aliases
            .into_iter()
            .filter(|a| a.strength != "derived")
            .map(|a| a.alias)
            .collect();
        Ok(EntityExport {
            entity: detail.entity,
            aliases,
        })
    }

    fn all_events(&self) -> Result<Vec<EventDetail>, ApiError> {
        let page = self.timeline(&TimelineQuery {
            limit: 100_000,
            ..Default::default()
        })?;
        page.events.iter().map(|e| self.event(e.id)).collect()
    }

    fn all_entities(&self) -> Result<Vec<EntityExport>, ApiError> {
        let mut out = Vec::new();
        loop {
            let page = self.entities(&EntityQuery {
                offset: out.len(),
                limit: 10_000,
                ..Default::default()
            })?;
            if page.rows.is_empty() {
                break;
            }
            for entity in page.rows {
                out.push(self.entity_export(entity.id)?);
            }
            if out.len() >= page.total {
                break;
            }
        }
        Ok(out)
    }

    fn all_articles(&self) -> Result<Vec<ArticleRow>, ApiError> {
        let mut out = Vec::new();
        loop {
            let page = self.list(&ListRequest {
                filter: ArticleFilter::default(),
                sort: SortOrder::DateAsc,
                offset: out.len(),
                limit: 10_000,
            })?;
            let done = page.rows.is_empty();
            out.extend(page.rows);
            if done || out.len() >= page.total {
                break;
            }
        }
        Ok(out)
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| ApiError::new("storage", e.to_string()))
}

/// (year, month, day) of an ISO date of any precision ("2023", "2023-11", "2023-11-22").
fn date_parts(iso: &str) -> Vec<u32> {
    iso.get(..10.min(iso.len()))
        .unwrap_or(iso)
        .split('-')
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// Places are written as a simple list for PlaceRow's CSV.
pub(crate) type Places = [PlaceRow];
