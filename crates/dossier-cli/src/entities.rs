//! The entity commands: list, show, and curate (merge, rename, type, split,
//! alias, delete, undo), plus re-analysis of the library.

use std::sync::atomic::AtomicBool;

use anyhow::{bail, Result};
use clap::Subcommand;
use dossier_api::types::{Curation, EntityDetail, EntityQuery, EntityRow, EntitySort};
use dossier_api::Library;

use crate::output::print;

#[derive(Subcommand)]
pub enum EntityCommand {
    /// List entities: people, organisations, places and others.
    Entities {
        /// PER, ORG, LOC or MISC.
        #[arg(long = "type")]
        kind: Option<String>,
        /// Only entities whose name or an alias contains this.
        #[arg(long)]
        search: Option<String>,
        /// mentions, articles, name, first, last
        #[arg(long, default_value = "mentions")]
        sort: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Show one entity (by name, alias or id): aliases, counts, related
    /// entities and the sentences that mention it.
    Entity {
        name: String,
        /// How many mentions to show.
        #[arg(long, default_value_t = 10)]
        mentions: usize,
    },
    /// Merge entities into the first one named.
    Merge {
        into: String,
        #[arg(required = true)]
        from: Vec<String>,
    },
    /// Rename an entity (its new name also becomes an alias).
    Rename { entity: String, name: String },
    /// Change an entity's type to PER, ORG, LOC or MISC.
    SetType { entity: String, kind: String },
    /// Move some mentions of an entity to a new entity.
    Split {
        entity: String,
        /// Mention ids (see `dossier entity NAME`), repeatable.
        #[arg(long = "mention", required = true)]
        mentions: Vec<i64>,
        /// The new entity's name.
        #[arg(long)]
        name: String,
    },
    /// Add a name the entity is also known by.
    Alias { entity: String, alias: String },
    /// Delete an entity and never suggest its names again.
    Forget { entity: String },
    /// Undo the last curation operation.
    Undo,
    /// The curation operations that can be undone, newest first.
    History,
    /// Re-run entity and time analysis, keeping every correction.
    Reanalyse {
        /// Every article, not only those analysed by an older version.
        #[arg(long)]
        all: bool,
    },
}

fn parse_entity_sort(s: &str) -> Result<EntitySort> {
    Ok(match s {
        "mentions" => EntitySort::Mentions,
        "articles" => EntitySort::Articles,
        "name" => EntitySort::Name,
        "first" => EntitySort::FirstSeen,
        "last" => EntitySort::LastSeen,
        other => bail!("unknown sort '{other}': use mentions, articles, name, first or last"),
    })
}

pub fn run(library: &Library, command: &EntityCommand, json: bool) -> Result<()> {
    let id_of = |name: &str| -> Result<i64> { Ok(library.resolve_entity(name)?.id) };
    match command {
        EntityCommand::Entities {
            kind,
            search,
            sort,
            limit,
            offset,
        } => {
            let query = EntityQuery {
                kind: kind.clone(),
                text: search.clone(),
                sort: parse_entity_sort(sort)?,
                offset: *offset,
                limit: *limit,
            };
            print(&library.entities(&query)?, json, |page| {
                println!("{} entities", page.total);
                for e in &page.rows {
                    println!("{}", entity_line(e));
                }
            })?;
        }
        EntityCommand::Entity { name, mentions } => {
            let detail = library.entity(id_of(name)?)?;
            let mentions = library.entity_mentions(detail.entity.id, 0, *mentions)?;
            if json {
                let value = serde_json::json!({ "entity": detail, "mentions": mentions });
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                print_detail(&detail);
                println!("mentions:");
                for m in &mentions {
                    println!(
                        "  [{}] article {} ({}): {}",
                        m.mention_id,
                        m.article_id,
                        m.published.as_deref().unwrap_or("undated"),
                        m.sentence.split_whitespace().collect::<Vec<_>>().join(" ")
                    );
                }
            }
        }
        EntityCommand::Merge { into, from } => {
            let from = from.iter().map(|f| id_of(f)).collect::<Result<Vec<_>>>()?;
            let op = Curation::Merge {
                into: id_of(into)?,
                from,
            };
            show_result(library, &op, json)?;
        }
        EntityCommand::Rename { entity, name } => {
            let op = Curation::Rename {
                entity: id_of(entity)?,
                name: name.clone(),
            };
            show_result(library, &op, json)?;
        }
        EntityCommand::SetType { entity, kind } => {
            let op = Curation::SetKind {
                entity: id_of(entity)?,
                kind: kind.clone(),
            };
            show_result(library, &op, json)?;
        }
        EntityCommand::Split {
            entity,
            mentions,
            name,
        } => {
            let op = Curation::Split {
                entity: id_of(entity)?,
                mentions: mentions.clone(),
                name: name.clone(),
            };
            show_result(library, &op, json)?;
        }
        EntityCommand::Alias { entity, alias } => {
            let op = Curation::AddAlias {
                entity: id_of(entity)?,
                alias: alias.clone(),
            };
            show_result(library, &op, json)?;
        }
        EntityCommand::Forget { entity } => {
            let op = Curation::Delete {
                entity: id_of(entity)?,
            };
            show_result(library, &op, json)?;
        }
        EntityCommand::Undo => {
            let undone = library.undo()?;
            print(&undone, json, |u| println!("undone: {u}"))?;
        }
        EntityCommand::History => {
            print(&library.curation_history()?, json, |h| {
                for e in h {
                    println!("{}  {}", e.at, e.description);
                }
            })?;
        }
        EntityCommand::Reanalyse { all } => {
            let bar = crate::output::CountBar::new("articles", json);
            let n = library.reanalyse(
                *all,
                &|p| bar.update(p.done, p.total),
                &AtomicBool::new(false),
            )?;
            bar.finish();
            print(&n, json, |n| println!("re-analysed {n} articles"))?;
        }
    }
    Ok(())
}

fn show_result(library: &Library, op: &Curation, json: bool) -> Result<()> {
    match library.curate(op)? {
        Some(detail) => print(&detail, json, print_detail)?,
        None => print(&serde_json::Value::Null, json, |_| println!("done"))?,
    }
    Ok(())
}

fn entity_line(e: &EntityRow) -> String {
    let seen = match (e.first_seen, e.last_seen) {
        (Some(a), Some(b)) if a == b => format!("  {a}"),
        (Some(a), Some(b)) => format!("  {a} … {b}"),
        _ => String::new(),
    };
    format!(
        "{:>6}  {:<4} {:<40} {:>5} mentions {:>4} articles{seen}",
        e.id, e.kind, e.name, e.mention_count, e.article_count
    )
}

fn print_detail(d: &EntityDetail) {
    println!("{}", entity_line(&d.entity));
    let names: Vec<String> = d
        .aliases
        .iter()
        .filter(|a| a.strength != "derived")
        .map(|a| {
            if a.strength == "user" {
                format!("{} (yours)", a.alias)
            } else {
                a.alias.clone()
            }
        })
        .collect();
    println!("also: {}", names.join(", "));
    if !d.related.is_empty() {
        let related: Vec<String> = d
            .related
            .iter()
            .take(10)
            .map(|(e, n)| format!("{} ({n})", e.name))
            .collect();
        println!("with: {}", related.join(", "));
    }
}
