//! The timeline and the places: events in date order with their sources,
//! and the places the library mentions.

use anyhow::Result;
use clap::{Args, Subcommand};
use dossier_api::types::{
    EventCuration, EventDetail, EventRow, GeoQuery, PlaceCorrection, TimelineQuery,
};
use dossier_api::Library;

use crate::output::print;

#[derive(Subcommand)]
pub enum GeoCommand {
    /// Events in date order: date, kind, place, actors, figures, sources.
    Timeline {
        #[command(flatten)]
        filter: GeoArgs,
        /// An event kind (airstrike) or family (violence).
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value_t = 1000)]
        limit: usize,
    },
    /// One event with its sources, actors, figures and disagreements.
    Event { id: i64 },
    /// The places the library mentions, most mentioned first.
    Places {
        #[command(flatten)]
        filter: GeoArgs,
    },
    /// Say where a name really is: a gazetteer entry id (see `dossier
    /// place-candidates`) or a pin (`--lat --lon`).
    PlaceFix {
        name: String,
        #[arg(long)]
        entry: Option<u32>,
        #[arg(long, requires = "lon")]
        lat: Option<f64>,
        #[arg(long, requires = "lat")]
        lon: Option<f64>,
    },
    /// Other gazetteer entries a place's names could mean.
    PlaceCandidates { id: i64 },
    /// Say a name is not a place ("Franklin" the person): off the map and the
    /// unsure places, now and in future imports, until `place-fix` places it.
    PlaceDismiss { name: String },
    /// Names the resolver could not place with confidence, kept off the map
    /// until `dossier place-fix NAME --entry ID` says where they are.
    PlaceDoubts {
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Merge events (ids from `dossier timeline`) into one.
    EventMerge {
        #[arg(required = true, num_args = 2..)]
        events: Vec<i64>,
    },
    /// Make some mentions of an event (keys from `dossier event ID --json`) an event of their own.
    EventSplit {
        event: i64,
        #[arg(long = "mention", required = true)]
        mentions: Vec<String>,
    },
    /// Set (or with no value, clear) a field: kind, date, place, killed, injured, summary.
    EventEdit {
        event: i64,
        field: String,
        value: Option<String>,
    },
    /// Add an event by hand.
    EventAdd {
        #[arg(long)]
        kind: String,
        /// 2023-11-21, 2023-11 or 2023
        #[arg(long)]
        date: String,
        #[arg(long)]
        place: Option<String>,
        #[arg(long)]
        summary: String,
        #[arg(long)]
        killed: Option<i64>,
        #[arg(long)]
        injured: Option<i64>,
        /// Articles that report it (repeatable).
        #[arg(long = "article")]
        articles: Vec<i64>,
    },
}

/// The time window and entity the timeline and the places are filtered by.
#[derive(Args)]
pub struct GeoArgs {
    /// On or after (2023-11-01, 2023-11, 2023): events by their own dates,
    /// places by their articles' publication dates.
    #[arg(long)]
    from: Option<String>,
    /// On or before.
    #[arg(long)]
    to: Option<String>,
    /// Only what this entity (name, alias or id) takes part in.
    #[arg(long)]
    entity: Option<String>,
}

impl GeoArgs {
    fn query(&self, library: &Library) -> Result<GeoQuery> {
        Ok(GeoQuery {
            from: self.from.clone(),
            to: self.to.clone(),
            entity_id: match &self.entity {
                Some(name) => Some(library.resolve_entity(name)?.id),
                None => None,
            },
            story_id: None,
        })
    }
}

pub fn run(library: &Library, command: &GeoCommand, json: bool) -> Result<()> {
    match command {
        GeoCommand::Timeline {
            filter,
            kind,
            limit,
        } => {
            let query = TimelineQuery {
                geo: filter.query(library)?,
                kind: kind.clone(),
                place_id: None,
                offset: 0,
                limit: *limit,
            };
            print(&library.timeline(&query)?, json, |page| {
                println!("{} events", page.total);
                for e in &page.events {
                    println!("{}", event_line(e));
                }
            })?;
        }
        GeoCommand::Event { id } => print_event(&library.event(*id)?, json)?,
        GeoCommand::EventMerge { events } => curate(
            library,
            &EventCuration::Merge {
                events: events.clone(),
            },
            json,
        )?,
        GeoCommand::EventSplit { event, mentions } => curate(
            library,
            &EventCuration::Split {
                event: *event,
                mentions: mentions.clone(),
            },
            json,
        )?,
        GeoCommand::EventEdit {
            event,
            field,
            value,
        } => curate(
            library,
            &EventCuration::Edit {
                event: *event,
                field: field.clone(),
                value: value.clone(),
            },
            json,
        )?,
        GeoCommand::EventAdd {
            kind,
            date,
            place,
            summary,
            killed,
            injured,
            articles,
        } => curate(
            library,
            &EventCuration::Add {
                kind: kind.clone(),
                date: date.clone(),
                place: place.clone(),
                summary: summary.clone(),
                killed: *killed,
                injured: *injured,
                article_ids: articles.clone(),
            },
            json,
        )?,
        GeoCommand::Places { filter } => {
            let places = library.places(&filter.query(library)?)?;
            print(&places, json, |places| {
                for p in places {
                    println!(
                        "{:>5}  {:<28} {:<3} {:>9.4} {:>9.4}  {:>4} mentions {:>3} articles {:>3} events",
                        p.id, p.name, p.country, p.lat, p.lon, p.mention_count, p.article_count, p.event_count
                    );
                }
            })?;
        }
        GeoCommand::PlaceFix {
            name,
            entry,
            lat,
            lon,
        } => {
            let correction = match (entry, lat, lon) {
                (Some(entry), _, _) => PlaceCorrection::Entry {
                    name: name.clone(),
                    entry: *entry,
                },
                (None, Some(lat), Some(lon)) => PlaceCorrection::Pin {
                    name: name.clone(),
                    lat: *lat,
                    lon: *lon,
                    label: name.clone(),
                },
                _ => anyhow::bail!("give --entry ID or --lat and --lon"),
            };
            let id = library.correct_place(&correction)?;
            print(&id, json, |id| println!("'{name}' is now place {id}"))?;
        }
        GeoCommand::PlaceDismiss { name } => {
            let removed = library.dismiss_place_name(name)?;
            print(&removed, json, |n| {
                println!("'{name}' is not a place: {n} mentions taken off the map")
            })?;
        }
        GeoCommand::PlaceDoubts { limit } => {
            print(&library.place_doubts(*limit)?, json, |doubts| {
                for d in doubts {
                    println!(
                        "{:<28} {:>4} mentions {:>3} articles  e.g. [{}] {}",
                        d.name,
                        d.mention_count,
                        d.article_count,
                        d.example.article_id,
                        d.example.sentence
                    );
                    for c in d.candidates.iter().take(5) {
                        let mark = if c.entry == d.guess { "guess" } else { "" };
                        println!(
                            "    {:>10}  {:<28} {:<20} {:<3} {:<8} pop {:>9}  {mark}",
                            c.entry, c.name, c.division, c.country, c.kind, c.population
                        );
                    }
                }
            })?;
        }
        GeoCommand::PlaceCandidates { id } => {
            print(&library.place_candidates(*id)?, json, |cands| {
                for c in cands {
                    println!(
                        "{:>10}  {:<28} {:<20} {:<3} {:<8} {:>9.4} {:>9.4}  pop {}",
                        c.entry, c.name, c.division, c.country, c.kind, c.lat, c.lon, c.population
                    );
                }
            })?;
        }
    }
    Ok(())
}

fn curate(library: &Library, op: &EventCuration, json: bool) -> Result<()> {
    match library.curate_event(op)? {
        Some(detail) => print_event(&detail, json),
        None => print(&serde_json::Value::Null, json, |_| println!("done")),
    }
}

fn print_event(detail: &EventDetail, json: bool) -> Result<()> {
    print(detail, json, |d| {
        println!("{}", event_line(&d.event));
        for a in &d.actors {
            println!("  {}: {}", a.role, a.name);
        }
        for f in &d.figures {
            let values: Vec<String> = f
                .values
                .iter()
                .map(|v| format!("{} (articles {:?})", v.value, v.article_ids))
                .collect();
            println!("  {}: {}", f.kind, values.join(" vs "));
        }
        for s in &d.sources {
            println!(
                "  [{}] {} {}: {}",
                s.article_id,
                s.outlet.as_deref().unwrap_or("-"),
                s.published.as_deref().unwrap_or("undated"),
                s.sentence.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    })
}

fn event_line(e: &EventRow) -> String {
    let mut figures = String::new();
    if let Some(k) = e.killed {
        figures.push_str(&format!("  killed {k}"));
    }
    if let Some(i) = e.injured {
        figures.push_str(&format!("  injured {i}"));
    }
    let disputed = if e.disagreement_count > 0 {
        format!("  ({} disagreement(s))", e.disagreement_count)
    } else {
        String::new()
    };
    format!(
        "{:>5}  {:<14} {:<16} {}{figures}  [{} source(s)]{disputed}",
        e.id,
        e.date.as_deref().unwrap_or("undated"),
        e.precision,
        e.summary,
        e.source_count
    )
}
