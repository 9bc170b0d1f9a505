//! Scoring event extraction and merging against a hand-written gold set
//! (`tests/gold/events-seed.json`): used by the seed test and by
//! `examples/event_gold.rs`, which prints the figures.
//!
//! A gold mention is found by its article, a snippet of its sentence and its
//! trigger word; a system mention matching both is aligned to it. Types are
//! scored on aligned mentions; arguments (date, place, actors, figures) by
//! precision and recall over aligned mentions; merging by pairs of aligned
//! mentions (same event or not). System mentions that match no gold mention
//! and no "optional" entry are false positives.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    actor_key, disagreements, merge, Disagreement, Event, EventKind, EventMention, FigureKind,
    MentionRecord, PlaceRef, Qualifier, RoleKind,
};

/// The gold set file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Gold {
    pub articles: Vec<GoldArticle>,
    pub events: Vec<GoldEvent>,
    #[serde(default)]
    pub optional: Vec<GoldOptional>,
}

/// An article of the gold set and the publication date to analyse it with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    pub file: String,
    pub published: Option<NaiveDate>,
}

/// A real event and the mentions that report it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldEvent {
    pub id: String,
    pub kind: EventKind,
    #[serde(default)]
    pub summary: String,
    pub date: String,
    pub mentions: Vec<GoldMention>,
}

/// One mention as a careful reader annotates it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldMention {
    pub article: String,
    /// A snippet that only this mention's sentence contains.
    pub sentence: String,
    pub trigger: String,
    pub kind: EventKind,
    pub date: String,
    /// Acceptable place texts; empty when the sentence names no place.
    pub places: Vec<String>,
    /// One slot per actor, each listing acceptable texts.
    pub agents: Vec<Vec<String>>,
    pub targets: Vec<Vec<String>>,
    pub figures: Vec<GoldFigure>,
}

/// A figure the mention gives.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldFigure {
    pub kind: FigureKind,
    pub value: u32,
    #[serde(default)]
    pub approx: Option<Qualifier>,
}

/// Mentions that are neither required nor false positives.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldOptional {
    pub article: String,
    pub sentence: String,
    #[serde(default)]
    pub trigger: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// One article after the pure pipeline.
#[derive(Debug, Clone)]
pub struct AnalysedArticle {
    pub id: String,
    pub text: String,
    pub mentions: Vec<EventMention>,
    pub places: Vec<PlaceRef>,
}

impl AnalysedArticle {
    /// Runs sentences → entities → time → events on `text`.
    pub fn new(id: &str, text: &str, published: Option<NaiveDate>) -> AnalysedArticle {
        let (mentions, places) = super::extract_from_text(text, published);
        AnalysedArticle {
            id: id.to_string(),
            text: text.to_string(),
            mentions,
            places,
        }
    }
}

/// System and gold counts for one argument kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ArgScore {
    pub system: usize,
    pub gold: usize,
    /// System values that match a gold value (= gold values matched, one to one).
    pub matched: usize,
}

impl ArgScore {
    /// Matched over system (1.0 when the system gave none).
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.system)
    }
    /// Matched over gold (1.0 when the gold has none).
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
}

/// Pair counts for merging: true positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PairScore {
    pub same_both: usize,
    pub same_system_only: usize,
    pub same_gold_only: usize,
}

impl PairScore {
    /// Matched over system (1.0 when the system gave none).
    pub fn precision(&self) -> f64 {
        ratio(self.same_both, self.same_both + self.same_system_only)
    }
    /// Matched over gold (1.0 when the gold has none).
    pub fn recall(&self) -> f64 {
        ratio(self.same_both, self.same_both + self.same_gold_only)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Everything the evaluation found, for printing or asserting.
#[derive(Debug, Clone)]
pub struct Report {
    pub gold_mentions: usize,
    /// Gold mentions a system mention was aligned to.
    pub found: usize,
    /// Aligned mentions whose kind is the gold kind.
    pub kind_correct: usize,
    /// Aligned mentions whose kind is in the gold kind's family.
    pub family_correct: usize,
    /// System mentions matching no gold or optional mention: (article, trigger, sentence).
    pub spurious: Vec<(String, String, String)>,
    /// Gold mentions not found: (event id, article, snippet).
    pub missed: Vec<(String, String, String)>,
    pub date: ArgScore,
    pub place: ArgScore,
    pub actor: ArgScore,
    pub figure: ArgScore,
    pub pairs: PairScore,
    /// The merge input and output over all articles.
    pub records: Vec<MentionRecord>,
    pub events: Vec<Event>,
    /// For each gold event, for each of its mentions, the aligned record.
    pub alignment: Vec<Vec<Option<usize>>>,
}

impl Report {
    /// Event-mention precision: aligned system mentions over all counted ones.
    pub fn mention_precision(&self) -> f64 {
        ratio(self.found, self.found + self.spurious.len())
    }
    /// Gold mentions found over all gold mentions.
    pub fn mention_recall(&self) -> f64 {
        ratio(self.found, self.gold_mentions)
    }
    /// Found mentions with the gold kind over found mentions.
    pub fn kind_accuracy(&self) -> f64 {
        ratio(self.kind_correct, self.found)
    }

    /// The system event holding a record.
    pub fn event_of(&self, record: usize) -> Option<&Event> {
        self.events.iter().find(|e| e.mentions.contains(&record))
    }

    /// The disagreements of the system event holding a record.
    pub fn disagreements_of(&self, record: usize) -> Vec<Disagreement> {
        self.event_of(record)
            .map(|e| disagreements(e, &self.records))
            .unwrap_or_default()
    }
}

/// Aligns, merges and scores.
pub fn evaluate(gold: &Gold, articles: &[AnalysedArticle]) -> Report {
    let mut records = Vec::new();
    for article in articles {
        for m in &article.mentions {
            records.push(MentionRecord::new(
                article.id.clone(),
                &article.text,
                m.clone(),
                &article.places,
            ));
        }
    }
    let text_of = |id: &str| {
        articles
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.text.as_str())
    };
    let mut used = vec![false; records.len()];
    let mut report = Report {
        gold_mentions: 0,
        found: 0,
        kind_correct: 0,
        family_correct: 0,
        spurious: Vec::new(),
        missed: Vec::new(),
        date: ArgScore::default(),
        place: ArgScore::default(),
        actor: ArgScore::default(),
        figure: ArgScore::default(),
        pairs: PairScore::default(),
        records: Vec::new(),
        events: Vec::new(),
        alignment: Vec::new(),
    };
    for event in &gold.events {
        let mut aligned = Vec::new();
        for gm in &event.mentions {
            report.gold_mentions += 1;
            let text = text_of(&gm.article).unwrap_or("");
            let found = (0..records.len()).find(|&r| {
                !used[r]
                    && records[r].source == gm.article
                    && matches(text, &records[r].mention, &gm.sentence, Some(&gm.trigger))
            });
            match found {
                Some(r) => {
                    used[r] = true;
                    score_mention(&mut report, text, &records[r], gm);
                }
                None => {
                    report
                        .missed
                        .push((event.id.clone(), gm.article.clone(), gm.sentence.clone()))
                }
            }
            aligned.push(found);
        }
        report.alignment.push(aligned);
    }
    for (r, record) in records.iter().enumerate() {
        let text = text_of(&record.source).unwrap_or("");
        let optional = gold.optional.iter().any(|o| {
            o.article == record.source
                && matches(text, &record.mention, &o.sentence, o.trigger.as_deref())
        });
        if !used[r] && !optional {
            report.spurious.push((
                record.source.clone(),
                slice(text, record.mention.trigger),
                slice(text, record.mention.sentence),
            ));
        }
    }
    report.events = merge(&records);
    report.records = records;
    report.pairs = score_pairs(&report);
    report
}

fn slice(text: &str, span: dossier_core::Span) -> String {
    text.get(span.start..span.end).unwrap_or("").to_string()
}

/// Does a system mention sit in the sentence with this snippet, on this
/// trigger? When the snippet contains the trigger word, the trigger must lie
/// inside the snippet: one sentence may hold two "strikes".
fn matches(text: &str, m: &EventMention, snippet: &str, trigger: Option<&str>) -> bool {
    // The articles use no-break spaces here and there; snippets are typed with plain ones.
    let plain = |s: &str| s.replace('\u{a0}', " ");
    let sentence = plain(&slice(text, m.sentence));
    let Some(at) = sentence.find(snippet) else {
        return false;
    };
    let found_trigger = slice(text, m.trigger);
    let Some(trigger) = trigger else {
        return true;
    };
    if !found_trigger.eq_ignore_ascii_case(trigger) {
        return false;
    }
    if !snippet.to_lowercase().contains(&trigger.to_lowercase()) {
        return true;
    }
    let offset = plain(text.get(m.sentence.start..m.trigger.start).unwrap_or("")).len();
    at <= offset && offset + trigger.len() <= at + snippet.len()
}

fn score_mention(report: &mut Report, text: &str, record: &MentionRecord, gm: &GoldMention) {
    let m = &record.mention;
    report.found += 1;
    report.kind_correct += usize::from(m.kind == gm.kind);
    report.family_correct += usize::from(m.kind.family() == gm.kind.family());

    report.date.gold += 1;
    if let Some(date) = &m.date {
        report.date.system += 1;
        report.date.matched += usize::from(date.value == gm.date);
    }

    report.place.gold += usize::from(!gm.places.is_empty());
    if let Some(place) = m.place {
        report.place.system += 1;
        report.place.matched += usize::from(gm.places.contains(&slice(text, place)));
    }

    let mut slots: Vec<(RoleKind, &Vec<String>, bool)> = gm
        .agents
        .iter()
        .map(|s| (RoleKind::Agent, s, false))
        .chain(gm.targets.iter().map(|s| (RoleKind::Target, s, false)))
        .collect();
    report.actor.gold += slots.len();
    for actor in &m.actors {
        report.actor.system += 1;
        let name = slice(text, actor.span);
        // The same actor as merging sees it: "Iraqi government" is the gold's
        // "Iraqi", "Iran-linked militias" its "Iran-linked".
        let key = actor_key(&name);
        let same = |texts: &Vec<String>| texts.iter().any(|t| *t == name || actor_key(t) == key);
        if let Some(slot) = slots
            .iter_mut()
            .find(|(role, texts, taken)| !taken && *role == actor.role && same(texts))
        {
            slot.2 = true;
            report.actor.matched += 1;
        }
    }

    report.figure.gold += gm.figures.len();
    report.figure.system += m.figures.len();
    report.figure.matched += m
        .figures
        .iter()
        .filter(|f| {
            gm.figures
                .iter()
                .any(|g| g.kind == f.kind && g.value == f.value && g.approx == f.approx)
        })
        .count();
}

/// Over all pairs of aligned gold mentions: does the system put them in one
/// event exactly when the gold does?
fn score_pairs(report: &Report) -> PairScore {
    let mut aligned: Vec<(usize, usize)> = Vec::new(); // (gold event, record)
    for (e, mentions) in report.alignment.iter().enumerate() {
        aligned.extend(mentions.iter().flatten().map(|&r| (e, r)));
    }
    let event_index = |r: usize| report.events.iter().position(|ev| ev.mentions.contains(&r));
    let mut score = PairScore::default();
    for (i, &(ge1, r1)) in aligned.iter().enumerate() {
        for &(ge2, r2) in &aligned[i + 1..] {
            let gold_same = ge1 == ge2;
            let system_same = event_index(r1) == event_index(r2);
            match (gold_same, system_same) {
                (true, true) => score.same_both += 1,
                (false, true) => score.same_system_only += 1,
                (true, false) => score.same_gold_only += 1,
                (false, false) => {}
            }
        }
    }
    score
}
