//! Gathers a [`Report`] from the library: the selection's articles, the events
//! they report, the places and the entities, and one numbered source list that
//! every part cites.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::types::{
    ArticleFilter, EntityQuery, EventDetail, GeoQuery, ListRequest, SearchRequest, TimelineQuery,
};
use crate::{ApiError, ArticleRow, Library, SortOrder};

use super::text::{capitalise, day_range};
use super::{Disagreement, Profile, Quote, Report, ReportEvent, ReportRequest, Selection, Summary};

/// A report cites at most this many search hits: beyond it a search is too
/// broad to hand over, and the scope line says the list was cut.
const MAX_SEARCH_ARTICLES: usize = 2_000;
const PAGE: usize = 1_000;
const DEFAULT_PROFILES: usize = 12;
/// Quotes longer than this are cut at a word, with an ellipsis: the cited
/// source has the rest.
const QUOTE_CHARS: usize = 260;

pub(super) fn report(library: &Library, request: &ReportRequest) -> Result<Report, ApiError> {
    let selection = &request.selection;
    let (articles, cut) = selected_articles(library, selection)?;
    let in_selection: HashSet<i64> = articles.iter().map(|a| a.id).collect();

    let details = selected_events(library, selection, &in_selection)?;
    let sources = source_list(library, &articles, &details)?;
    let number: HashMap<i64, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i + 1))
        .collect();
    let cite = |id: i64| number.get(&id).copied();
    let events = number_events(&details, &cite);

    let places = selected_places(library, selection, &events)?;
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let unplaced = library.doubt_names_in(&ids)?;
    let max_profiles = match request.max_entities {
        0 => DEFAULT_PROFILES,
        n => n,
    };
    let (profiles, entity_total) =
        profiles(library, selection, &articles, &events, max_profiles, &cite)?;

    let summary = summarise(&articles, &events, places.len(), entity_total);
    let scope = describe(library, selection, articles.len(), cut)?;
    let title = request
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| default_title(&scope));
    Ok(Report {
        title,
        scope,
        generated: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        sections: request.sections,
        summary,
        events,
        places,
        unplaced,
        profiles,
        sources,
    })
}

/// The rows a selection covers, for the data exports.
pub(crate) struct Selected {
    pub articles: Vec<ArticleRow>,
    pub events: Vec<EventDetail>,
    pub places: Vec<crate::types::PlaceRow>,
    /// Entity ids, most mentioned in the selection first.
    pub entities: Vec<i64>,
}

pub(crate) fn selected(library: &Library, selection: &Selection) -> Result<Selected, ApiError> {
    let (articles, _) = selected_articles(library, selection)?;
    let in_selection: HashSet<i64> = articles.iter().map(|a| a.id).collect();
    let events = selected_events(library, selection, &in_selection)?;
    let mut places = library.places(&geo_query(selection))?;
    if selection.query.is_some() {
        let wanted: HashSet<i64> = events.iter().filter_map(|e| e.event.place_id).collect();
        places.retain(|p| wanted.contains(&p.id));
    }
    let (ranked, _) = ranked_entities(library, selection, &articles, usize::MAX)?;
    Ok(Selected {
        articles,
        events,
        places,
        entities: ranked.into_iter().map(|(id, _)| id).collect(),
    })
}

fn article_filter(selection: &Selection) -> ArticleFilter {
    ArticleFilter {
        story_id: selection.story_id,
        entity_id: selection.entity_id,
        about_from: selection.from.clone(),
        about_to: selection.to.clone(),
        ..Default::default()
    }
}

fn geo_query(selection: &Selection) -> GeoQuery {
    GeoQuery {
        from: selection.from.clone(),
        to: selection.to.clone(),
        entity_id: selection.entity_id,
        story_id: selection.story_id,
    }
}

/// The selection's articles, oldest first, and whether a search was cut short.
fn selected_articles(
    library: &Library,
    selection: &Selection,
) -> Result<(Vec<ArticleRow>, bool), ApiError> {
    let filter = article_filter(selection);
    let mut out = Vec::new();
    if let Some(query) = selection.query.as_deref().filter(|q| !q.trim().is_empty()) {
        let mut total = 0;
        while out.len() < MAX_SEARCH_ARTICLES {
            let page = library.search(&SearchRequest {
                query: query.to_string(),
                filter: filter.clone(),
                sort: Some(SortOrder::Relevance),
                offset: out.len(),
                limit: PAGE,
            })?;
            total = page.total;
            if page.hits.is_empty() {
                break;
            }
            out.extend(page.hits.into_iter().map(|h| h.article));
            if out.len() >= total {
                break;
            }
        }
        out.truncate(MAX_SEARCH_ARTICLES);
        sort_by_date(&mut out);
        let cut = total > out.len();
        return Ok((out, cut));
    }
    loop {
        let page = library.list(&ListRequest {
            filter: filter.clone(),
            sort: SortOrder::DateAsc,
            offset: out.len(),
            limit: PAGE,
        })?;
        let done = page.rows.is_empty();
        out.extend(page.rows);
        if done || out.len() >= page.total {
            break;
        }
    }
    Ok((out, false))
}

fn sort_by_date(articles: &mut [ArticleRow]) {
    // Undated articles go last; then by title, so that the numbering does not
    // depend on the order files happened to be imported in.
    articles.sort_by(|a, b| {
        (a.published.is_none(), &a.published, &a.title, a.id).cmp(&(
            b.published.is_none(),
            &b.published,
            &b.title,
            b.id,
        ))
    });
}

/// The events of the selection: the timeline's filter, and for a search only
/// events that one of the found articles reports.
fn selected_events(
    library: &Library,
    selection: &Selection,
    in_selection: &HashSet<i64>,
) -> Result<Vec<EventDetail>, ApiError> {
    let page = library.timeline(&TimelineQuery {
        geo: geo_query(selection),
        limit: 100_000,
        ..Default::default()
    })?;
    let searched = selection.query.is_some();
    let mut out = Vec::new();
    for row in page.events {
        let detail = library.event(row.id)?;
        if searched
            && !detail
                .sources
                .iter()
                .any(|s| in_selection.contains(&s.article_id))
        {
            continue;
        }
        out.push(detail);
    }
    // Date order, undated events last.
    out.sort_by(|a, b| {
        let key = |e: &EventDetail| {
            (
                e.event.first_day.is_none(),
                e.event.first_day.clone(),
                e.event.id,
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(out)
}

/// The selection's articles plus any article an event cites, oldest first.
fn source_list(
    library: &Library,
    articles: &[ArticleRow],
    events: &[EventDetail],
) -> Result<Vec<ArticleRow>, ApiError> {
    let mut sources = articles.to_vec();
    let mut known: HashSet<i64> = sources.iter().map(|a| a.id).collect();
    let extra: Vec<i64> = events
        .iter()
        .flat_map(|e| e.sources.iter().map(|s| s.article_id))
        .filter(|id| known.insert(*id))
        .collect();
    for id in extra {
        if let Some(row) = library.store().rows_by_ids(&[id])?.into_iter().next() {
            sources.push(row);
        }
    }
    sort_by_date(&mut sources);
    Ok(sources)
}

fn number_events(details: &[EventDetail], cite: &dyn Fn(i64) -> Option<usize>) -> Vec<ReportEvent> {
    details
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut sources: Vec<usize> = d
                .sources
                .iter()
                .filter_map(|s| cite(s.article_id))
                .collect();
            sources.sort_unstable();
            sources.dedup();
            let quote = d.sources.iter().find_map(|s| {
                cite(s.article_id).map(|source| Quote {
                    sentence: shorten(&s.sentence, QUOTE_CHARS),
                    source,
                })
            });
            ReportEvent {
                number: i + 1,
                row: d.event.clone(),
                actors: d.actors.clone(),
                sources,
                quote,
                disagreements: d
                    .disagreements
                    .iter()
                    .map(|x| Disagreement::from_store(x, cite))
                    .collect(),
            }
        })
        .collect()
}

/// The map's places: those the selected articles mention (the map's own
/// filter); for a search, the places of its events.
fn selected_places(
    library: &Library,
    selection: &Selection,
    events: &[ReportEvent],
) -> Result<Vec<crate::types::PlaceRow>, ApiError> {
    let mut places = library.places(&geo_query(selection))?;
    if selection.query.is_some() {
        let wanted: HashSet<i64> = events.iter().filter_map(|e| e.row.place_id).collect();
        places.retain(|p| wanted.contains(&p.id));
    }
    places.sort_by(|a, b| {
        (b.event_count, b.mention_count, &a.name).cmp(&(a.event_count, a.mention_count, &b.name))
    });
    Ok(places)
}

/// The most mentioned entities of the selection with their profiles, and how
/// many entities the selection mentions in all.
fn profiles(
    library: &Library,
    selection: &Selection,
    articles: &[ArticleRow],
    events: &[ReportEvent],
    max: usize,
    cite: &dyn Fn(i64) -> Option<usize>,
) -> Result<(Vec<Profile>, usize), ApiError> {
    let (ranked, total) = ranked_entities(library, selection, articles, max)?;
    let article_ids: HashSet<i64> = articles.iter().map(|a| a.id).collect();
    let mut out = Vec::new();
    for (id, mentions) in ranked.into_iter().take(max) {
        let detail = library.entity(id)?;
        let mut roles: BTreeMap<String, usize> = BTreeMap::new();
        let mut in_events = Vec::new();
        for e in events {
            let mut acted = false;
            for a in e.actors.iter().filter(|a| a.entity_id == Some(id)) {
                *roles.entry(a.role.clone()).or_default() += 1;
                acted = true;
            }
            if acted {
                in_events.push(e.number);
            }
        }
        let mut roles: Vec<(String, usize)> = roles.into_iter().collect();
        roles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut mentions_in_selection: Vec<_> = library
            .entity_mentions(id, 0, 200)?
            .into_iter()
            .filter(|m| article_ids.contains(&m.article_id))
            .collect();
        // A real sentence rather than a headline fragment, where there is one.
        mentions_in_selection.sort_by_key(|m| m.sentence.trim().len() < 40);
        let quote = mentions_in_selection.into_iter().find_map(|m| {
            cite(m.article_id).map(|source| Quote {
                sentence: shorten(&m.sentence, QUOTE_CHARS),
                source,
            })
        });
        let mut aliases: Vec<String> = detail
            .aliases
            .iter()
            .filter(|a| a.strength != "derived" && a.alias != detail.entity.name)
            .map(|a| a.alias.clone())
            .collect();
        aliases.sort();
        aliases.dedup();
        out.push(Profile {
            aliases,
            mentions,
            roles,
            events: in_events,
            quote,
            related: detail
                .related
                .iter()
                .take(5)
                .map(|(e, _)| e.name.clone())
                .collect(),
            entity: detail.entity,
        });
    }
    Ok((out, total))
}

/// Entity ids with their mention counts in the selection, most first.
fn ranked_entities(
    library: &Library,
    selection: &Selection,
    articles: &[ArticleRow],
    max: usize,
) -> Result<(Vec<(i64, usize)>, usize), ApiError> {
    if selection.is_whole_library() {
        // The library's own counts: no need to read every article's mentions.
        let page = library.entities(&EntityQuery {
            limit: max.min(1_000_000),
            ..Default::default()
        })?;
        let ranked = page
            .rows
            .iter()
            .map(|e| (e.id, e.mention_count as usize))
            .collect();
        return Ok((ranked, page.total));
    }
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for article in articles {
        for m in library.annotations(article.id)?.mentions {
            if let Some(id) = m.entity_id {
                *counts.entry(id).or_default() += 1;
            }
        }
    }
    let total = counts.len();
    let mut ranked: Vec<(i64, usize)> = counts.into_iter().collect();
    // The selected entity leads its own report.
    ranked.sort_by(|a, b| {
        let first = |x: &(i64, usize)| Some(x.0) != selection.entity_id;
        (first(a), b.1, a.0).cmp(&(first(b), a.1, b.0))
    });
    Ok((ranked, total))
}

fn summarise(
    articles: &[ArticleRow],
    events: &[ReportEvent],
    places: usize,
    entities: usize,
) -> Summary {
    let mut outlets: HashMap<String, usize> = HashMap::new();
    for a in articles {
        let name = a
            .outlet
            .clone()
            .unwrap_or_else(|| "(outlet unknown)".into());
        *outlets.entry(name).or_default() += 1;
    }
    let mut outlets: Vec<(String, usize)> = outlets.into_iter().collect();
    outlets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let stories: HashSet<i64> = articles.iter().map(|a| a.story_id).collect();
    let published = span(articles.iter().filter_map(|a| a.published.clone()));
    let events_span = events_span(events);
    Summary {
        articles: articles.len(),
        stories: stories.len(),
        events: events.len(),
        entities,
        places,
        outlets,
        published,
        events_span,
        killed: events.iter().filter_map(|e| e.row.killed).sum(),
        injured: events.iter().filter_map(|e| e.row.injured).sum(),
        disputed_events: events
            .iter()
            .filter(|e| !e.disagreements.is_empty())
            .count(),
    }
}

/// The earliest and the latest event, each dated as its sources date it:
/// an event known only as "2020" opens the span as 2020, not 1 January.
fn events_span(events: &[ReportEvent]) -> Option<(String, String)> {
    let as_written = |e: &ReportEvent, day: &Option<String>| {
        // The day alone: "the night of" belongs to the event, not the span.
        let date = e
            .row
            .date
            .as_deref()
            .map(|d| d.split('T').next().unwrap_or(d));
        date.map(str::to_string).or_else(|| day.clone())
    };
    let first = events
        .iter()
        .filter(|e| e.row.first_day.is_some())
        .min_by(|a, b| a.row.first_day.cmp(&b.row.first_day))?;
    let last = events
        .iter()
        .filter(|e| e.row.last_day.is_some())
        .max_by(|a, b| a.row.last_day.cmp(&b.row.last_day))?;
    Some((
        as_written(first, &first.row.first_day)?,
        as_written(last, &last.row.last_day)?,
    ))
}

/// The first and last of ISO dates (which sort as text).
fn span(dates: impl Iterator<Item = String>) -> Option<(String, String)> {
    let mut dates: Vec<String> = dates.collect();
    dates.sort();
    Some((dates.first()?.clone(), dates.last()?.clone()))
}

/// The selection in words, for the report's header.
fn describe(
    library: &Library,
    selection: &Selection,
    articles: usize,
    cut: bool,
) -> Result<String, ApiError> {
    let mut parts = Vec::new();
    if let Some(q) = &selection.query {
        parts.push(format!("search “{q}”"));
    }
    if let Some(id) = selection.story_id {
        let lead = library.list(&ListRequest {
            filter: ArticleFilter {
                story_id: Some(id),
                ..Default::default()
            },
            sort: SortOrder::DateAsc,
            offset: 0,
            limit: 1,
        })?;
        match lead.rows.first() {
            Some(a) => parts.push(format!("the story “{}”", a.title)),
            None => parts.push(format!("story {id}")),
        }
    }
    if let Some(id) = selection.entity_id {
        parts.push(format!(
            "articles mentioning {}",
            library.entity(id)?.entity.name
        ));
    }
    if selection.from.is_some() || selection.to.is_some() {
        parts.push(day_range(
            selection.from.as_deref(),
            selection.to.as_deref(),
        ));
    }
    let what = if parts.is_empty() {
        "The whole library".to_string()
    } else {
        capitalise(&parts.join(", "))
    };
    let count = if cut {
        format!("the {articles} most relevant articles")
    } else if articles == 1 {
        "1 article".to_string()
    } else {
        format!("{articles} articles")
    };
    Ok(format!("{what}: {count}"))
}

fn default_title(scope: &str) -> String {
    let what = scope.split(':').next().unwrap_or(scope);
    if what == "The whole library" {
        "Dossier report".to_string()
    } else {
        format!("Dossier report: {what}")
    }
}

/// A sentence cut to about `max` characters at a word boundary.
fn shorten(sentence: &str, max: usize) -> String {
    let s = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':']))
}
