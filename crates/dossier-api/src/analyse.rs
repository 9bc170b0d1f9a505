//! The analysis an article gets on import and on re-analysis: sentences,
//! near-duplicate fingerprint, entity mentions grouped into local entities,
//! and temporal expressions resolved against the publication date.

use chrono::NaiveDate;
use dossier_analysis::ner::{self, NerModel};
use dossier_analysis::{fingerprint::Signature, link, sentences, time};
use dossier_core::{DatePrecision, DocDate};
use dossier_readers::Document;
use dossier_store::{Annotations, NewArticle, NewMention, NewTimex};

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

/// Entities (found in `entity_text`: body, headline and captions) and times
/// (found in `analysis_text`: the body only, since a caption's date is when the
/// photo was taken). Both texts share the article's offsets.
pub(crate) fn annotate(
    entity_text: &str,
    analysis_text: &str,
    published: Option<DocDate>,
) -> Annotations {
    let found = NerModel::builtin().entities(entity_text);
    let entities = link::group(entity_text, &found);
    let mentions = found
        .iter()
        .map(|m: &ner::EntityMention| NewMention {
            span: m.span,
            label: m.label,
        })
        .collect();
    Annotations {
        mentions,
        entities,
        timexes: timexes(analysis_text, published),
    }
}

/// The temporal expressions of a text, resolved against the publication date
/// when it is known to the day; otherwise relative ones stay unresolved.
pub(crate) fn timexes(text: &str, published: Option<DocDate>) -> Vec<NewTimex> {
    time::tag(text, reference_day(published))
        .into_iter()
        .map(|t| NewTimex {
            span: t.span,
            kind: t.kind.as_str().to_string(),
            value: t.value,
        })
        .collect()
}

fn reference_day(published: Option<DocDate>) -> Option<NaiveDate> {
    published
        .filter(|d| d.precision >= DatePrecision::Day)
        .map(|d| d.date)
}
