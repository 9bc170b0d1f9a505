//! Data exports other tools read: events and entities as CSV and JSON, places
//! as GeoJSON, sources as RIS, BibTeX and CSL-JSON. One file per format; this
//! module gathers the library's rows once and hands them to the writer.
//!
//! Scope today: the whole library (selection by search, story, entity and
//! time window, and the reports, are the reports issue's remaining work).

mod bibtex;
mod csl;
mod csv;
mod geojson;
mod ris;

use serde::{Deserialize, Serialize};

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

/// An entity with its aliases, as exported.
#[derive(Debug, Clone, Serialize)]
pub struct EntityExport {
    #[serde(flatten)]
    pub entity: EntityRow,
    pub aliases: Vec<String>,
}

impl Library {
    /// Writes the chosen rows of the whole library in a format.
    pub fn export(
        &self,
        format: ExportFormat,
        data: ExportData,
        options: ExportOptions,
    ) -> Result<Vec<u8>, ApiError> {
        let unsupported = || {
            ApiError::new(
                "invalid_input",
                format!("{data:?} cannot be exported as {format:?}").to_lowercase(),
            )
        };
        let text = match (format, data) {
            (ExportFormat::Csv, ExportData::Events) => csv::events(&self.all_events()?),
            (ExportFormat::Csv, ExportData::Entities) => csv::entities(&self.all_entities()?),
            (ExportFormat::Csv, ExportData::Places) => {
                csv::places(&self.places(&GeoQuery::default())?)
            }
            (ExportFormat::Csv, ExportData::Sources) => csv::sources(&self.all_articles()?),
            (ExportFormat::Json, ExportData::Events) => to_json(&self.all_events()?)?,
            (ExportFormat::Json, ExportData::Entities) => to_json(&self.all_entities()?)?,
            (ExportFormat::Json, ExportData::Places) => {
                to_json(&self.places(&GeoQuery::default())?)?
            }
            (ExportFormat::Json, ExportData::Sources) => to_json(&self.all_articles()?)?,
            (ExportFormat::Geojson, ExportData::Places) => {
                geojson::places(&self.places(&GeoQuery::default())?)?
            }
            (ExportFormat::Ris, ExportData::Sources) => ris::sources(&self.all_articles()?),
            (ExportFormat::Bibtex, ExportData::Sources) => bibtex::sources(&self.all_articles()?),
            (ExportFormat::Csljson, ExportData::Sources) => csl::sources(&self.all_articles()?)?,
            _ => return Err(unsupported()),
        };
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if options.bom && format == ExportFormat::Csv {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        Ok(bytes)
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
                let aliases = self
                    .entity(entity.id)?
                    .aliases
                    .into_iter()
                    .filter(|a| a.strength != "derived")
                    .map(|a| a.alias)
                    .collect();
                out.push(EntityExport { entity, aliases });
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
