//! The analysis an article gets on import and on re-analysis: sentences,
//! near-duplicate fingerprint, entity mentions grouped into local entities,
//! temporal expressions resolved against the publication date, toponyms
//! resolved on the gazetteer, and event mentions.

use chrono::NaiveDate;
use dossier_analysis::events::{self, EventInput, MentionRecord, PlaceRef};
use dossier_analysis::geo::{self, PlaceKind};
use dossier_analysis::ner::{EntityMention, NerModel};
use dossier_analysis::time::Timex;
use dossier_analysis::{fingerprint::Signature, link, sentences, time};
use dossier_core::{DatePrecision, DocDate};
use dossier_readers::Document;
use dossier_store::{Annotations, NewArticle, NewMention, NewPlaceMention, NewTimex};

/// Everything computed from a freshly read document.
pub(crate) fn analyse(document: Document) -> NewArticle {
    let text = document.analysis_text();
    let sentences = sentences::split(&text);
    let minhash = Signature::of(&text).map(|sig| (sig.to_bytes(), sig.lookup_keys()));
    let annotations = annotate(&document.entity_text(), &text, document.published);
    NewArticle {
        document,
        sentences,
        minhash,
        annotations,
    }
}

/// An article with its sentences and fingerprint but no annotations, for
/// benchmarks that measure storage and indexing apart from analysis.
pub(crate) fn unanalysed(document: Document) -> NewArticle {
    let text = document.analysis_text();
    let sentences = sentences::split(&text);
    let minhash = Signature::of(&text).map(|sig| (sig.to_bytes(), sig.lookup_keys()));
    NewArticle {
        document,
        sentences,
        minhash,
        annotations: Annotations::default(),
    }
}

/// Entities and places (found in `entity_text`: body and captions), times and
/// events (found in `analysis_text`: the body only, since a caption's date is
/// when the photo was taken). Both texts share the article's offsets.
pub(crate) fn annotate(
    entity_text: &str,
    analysis_text: &str,
    published: Option<DocDate>,
) -> Annotations {
    let found = NerModel::builtin().entities(entity_text);
    let entities = link::group(entity_text, &found);
    let resolved: Vec<geo::Place> = geo::resolve(entity_text, &found)
        .into_iter()
        .filter(|p| p.kind != PlaceKind::Demonym)
        .collect();
    let reference = reference_day(published);
    let timexes = time::tag(analysis_text, reference);
    let events = event_mentions(analysis_text, &found, &timexes, &resolved, reference);
    Annotations {
        mentions: found
            .iter()
            .map(|m| NewMention {
                span: m.span,
                label: m.label,
            })
            .collect(),
        entities,
        timexes: timexes.into_iter().map(new_timex).collect(),
        places: resolved.iter().map(new_place).collect(),
        events,
    }
}

/// The temporal expressions of a text and its events, resolved against a
/// (corrected) publication date; for re-timing one article.
pub(crate) fn retime(
    entity_text: &str,
    analysis_text: &str,
    published: Option<DocDate>,
) -> (Vec<NewTimex>, Vec<MentionRecord>) {
    let a = annotate(entity_text, analysis_text, published);
    (a.timexes, a.events)
}

fn event_mentions(
    analysis_text: &str,
    found: &[EntityMention],
    timexes: &[Timex],
    places: &[geo::Place],
    published: Option<NaiveDate>,
) -> Vec<MentionRecord> {
    // Only the body: a mention inside a blanked caption is not in the analysis text.
    let in_body = |span: dossier_core::Span| {
        analysis_text
            .get(span.start..span.end)
            .is_some_and(|s| !s.trim().is_empty())
    };
    let entities: Vec<EntityMention> = found.iter().copied().filter(|m| in_body(m.span)).collect();
    // An event is placed only where the resolver is sure: a held guess
    // (`geo::Place::is_doubtful`) is not drawn on the map either.
    let place_refs: Vec<PlaceRef> = places
        .iter()
        .filter(|p| in_body(p.span) && !p.is_doubtful())
        .map(|p| PlaceRef {
            span: p.span,
            lat: Some(p.lat),
            lon: Some(p.lon),
            broad: Some(matches!(
                p.kind,
                PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Region
            )),
        })
        .collect();
    let sentences = sentences::split(analysis_text);
    let input = EventInput {
        text: analysis_text,
        sentences: &sentences,
        entities: &entities,
        timexes,
        places: &place_refs,
        published,
    };
    events::extract(&input)
        .into_iter()
        .map(|m| MentionRecord::new("", analysis_text, m, &place_refs))
        .collect()
}

fn new_timex(t: Timex) -> NewTimex {
    NewTimex {
        span: t.span,
        kind: t.kind.as_str().to_string(),
        value: t.value,
    }
}

fn new_place(p: &geo::Place) -> NewPlaceMention {
    NewPlaceMention {
        span: p.span,
        entry: p.entry.0,
        name: p.canonical.clone(),
        country: p.country.clone(),
        kind: p.kind.as_str().to_string(),
        lat: p.lat,
        lon: p.lon,
        confidence: p.confidence,
    }
}

fn reference_day(published: Option<DocDate>) -> Option<NaiveDate> {
    published
        .filter(|d| d.precision >= DatePrecision::Day)
        .map(|d| d.date)
}
