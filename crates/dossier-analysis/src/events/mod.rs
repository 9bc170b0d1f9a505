//! Events: who did what to whom, when and where, with casualty and count
//! figures, found in sentences (`extract`) and grouped across articles into
//! real-world events (`merge`), with the fields sources disagree on
//! (`disagreements`).
//!
//! The schema is documented in `docs/events.md`: event kinds follow ACLED's
//! sub-event types and PLOVER's verbs, grouped into families that decide which
//! mentions may describe the same event.
//!
//! Extraction is rule-based over the outputs of the sentence splitter, the
//! entity tagger and the temporal tagger: a trigger lexicon with inflections,
//! then arguments found by light syntax (word order, prepositions, passive
//! voice) within the trigger's sentence. It prefers precision: a trigger with
//! no date, place, actor or figure is not reported, and hypothetical or
//! negated events ("threatened to attack", "if strikes continue") are skipped.

mod date;
mod extract;
mod figures;
/// Scoring against the hand-written gold set (used by a test and an example).
pub mod gold;
mod lexicon;
mod merge;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use dossier_core::Span;
use serde::{Deserialize, Serialize};

use crate::ner::{EntityMention, Label};
use crate::time::Timex;

pub use date::date_range;
pub use lexicon::demonym_title;
pub use merge::{
    actor_key, disagreements, merge, merge_with_stats, place_key, Disagreement, DisagreementField,
    Event, MentionRecord, MergeKeys, MergeStats, PlaceValue, SourcedValue,
};

/// What happened, modelled on ACLED sub-event types and PLOVER verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Air or drone strike by an air force ("airstrikes", "warplanes struck").
    Airstrike,
    /// Attack with an explosive or one-way drone.
    DroneAttack,
    MissileAttack,
    RocketAttack,
    /// Artillery, mortar or shelling; also "bombardment".
    Shelling,
    /// Fighting between armed groups ("clashes", "firefight").
    ArmedClash,
    /// Explosions, bombings, IEDs, suicide and car bombs.
    Bombing,
    /// A killing with no more specific kind ("gunmen killed", "assassinated").
    Killing,
    /// An attack of unspecified means ("attacked", "raid", "assault").
    Attack,
    Abduction,
    /// Arrest or detention.
    Arrest,
    Protest,
    Riot,
    /// A condemnation, denunciation or accusation (PLOVER ACCUSE / DISAPPROVE).
    Condemnation,
    /// A threat or warning (PLOVER THREATEN).
    Threat,
    /// Meeting, talks, visit (PLOVER CONSULT).
    Meeting,
    /// Agreement, deal, accord (PLOVER AGREE).
    Agreement,
    /// Ceasefire or truce.
    Ceasefire,
}

/// Families decide which kinds may describe the same real event: an
/// "attack" and an "airstrike" may, an airstrike and a protest may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventFamily {
    /// ACLED battles, explosions/remote violence and violence against civilians.
    Violence,
    Arrest,
    Protest,
    Statement,
    Cooperation,
}

impl EventKind {
    /// Every kind, in schema order.
    pub const ALL: [EventKind; 18] = [
        EventKind::Airstrike,
        EventKind::DroneAttack,
        EventKind::MissileAttack,
        EventKind::RocketAttack,
        EventKind::Shelling,
        EventKind::ArmedClash,
        EventKind::Bombing,
        EventKind::Killing,
        EventKind::Attack,
        EventKind::Abduction,
        EventKind::Arrest,
        EventKind::Protest,
        EventKind::Riot,
        EventKind::Condemnation,
        EventKind::Threat,
        EventKind::Meeting,
        EventKind::Agreement,
        EventKind::Ceasefire,
    ];

    /// The family this kind belongs to.
    pub fn family(self) -> EventFamily {
        use EventKind::*;
        match self {
            Airstrike | DroneAttack | MissileAttack | RocketAttack | Shelling | ArmedClash
            | Bombing | Killing | Attack => EventFamily::Violence,
            Abduction | Arrest => EventFamily::Arrest,
            Protest | Riot => EventFamily::Protest,
            Condemnation | Threat => EventFamily::Statement,
            Meeting | Agreement | Ceasefire => EventFamily::Cooperation,
        }
    }

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        use EventKind::*;
        match self {
            Airstrike => "airstrike",
            DroneAttack => "drone_attack",
            MissileAttack => "missile_attack",
            RocketAttack => "rocket_attack",
            Shelling => "shelling",
            ArmedClash => "armed_clash",
            Bombing => "bombing",
            Killing => "killing",
            Attack => "attack",
            Abduction => "abduction",
            Arrest => "arrest",
            Protest => "protest",
            Riot => "riot",
            Condemnation => "condemnation",
            Threat => "threat",
            Meeting => "meeting",
            Agreement => "agreement",
            Ceasefire => "ceasefire",
        }
    }

    /// The kind with this snake_case name.
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Generic kinds say less than the others of their family: a report of
    /// "an attack" may be the same event as another's "drone attack".
    pub fn is_generic(self) -> bool {
        matches!(self, EventKind::Attack | EventKind::Killing)
    }

    /// May two mentions of these kinds describe one event? Same family, and
    /// either the same kind, one of them generic, or near-synonyms.
    pub fn compatible(self, other: EventKind) -> bool {
        if self.family() != other.family() {
            return false;
        }
        if self == other || self.is_generic() || other.is_generic() {
            return true;
        }
        let pair = |a, b| (self == a && other == b) || (self == b && other == a);
        pair(EventKind::MissileAttack, EventKind::RocketAttack)
            || pair(EventKind::Protest, EventKind::Riot)
            || pair(EventKind::Agreement, EventKind::Ceasefire)
            || pair(EventKind::Abduction, EventKind::Arrest)
    }
}

/// How much of an event's date is known. `Reported` means no date expression
/// was attached to the event: the value is the publication date and the event
/// happened on or shortly before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Year,
    Month,
    Week,
    Day,
    /// A day and a part of it: morning, afternoon, evening, night (`TNI`).
    PartOfDay,
    /// A day and a clock time.
    Time,
    /// No date expression: the value is the publication date, and the event
    /// happened on it or in the few days before.
    Reported,
    /// No date expression, and the text says the event is older than the
    /// news ("had previously undertaken three sets of strikes", "earlier"):
    /// the value is the publication date, the event some time before it.
    ReportedEarlier,
}

impl DatePrecision {
    /// Whether the date is the publication date standing in for an unknown one.
    pub fn is_reported(self) -> bool {
        matches!(
            self,
            DatePrecision::Reported | DatePrecision::ReportedEarlier
        )
    }
}

/// An event's date: a TIMEX3 value (`2023-11-21TNI`, `2023-11`, `2023-W47`)
/// or, with `Reported` precision, the ISO publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    pub value: String,
    pub precision: DatePrecision,
    /// The temporal expression it came from; `None` for a reported date.
    pub span: Option<Span>,
}

/// Which side of the event an actor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    /// Who acted: attacker, arresting force, speaker, protester.
    Agent,
    /// Who was acted on: target, victims, the condemned.
    Target,
}

/// The entity type of an actor; a serialisable twin of [`Label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ActorLabel {
    Per,
    Org,
    Loc,
    Misc,
}

impl From<Label> for ActorLabel {
    fn from(label: Label) -> ActorLabel {
        match label {
            Label::Per => ActorLabel::Per,
            Label::Org => ActorLabel::Org,
            Label::Loc => ActorLabel::Loc,
            Label::Misc => ActorLabel::Misc,
        }
    }
}

/// An actor of an event: an entity mention and its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub role: RoleKind,
    /// The entity mention (it may lie in the previous sentence when the event
    /// sentence names its agent by a pronoun: "In a statement, it threatened").
    pub span: Span,
    pub label: ActorLabel,
}

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    Killed,
    Injured,
    Arrested,
    Displaced,
    /// How many attacks ("more than 60 attacks").
    Attacks,
}

impl FigureKind {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Killed => "killed",
            FigureKind::Injured => "injured",
            FigureKind::Arrested => "arrested",
            FigureKind::Displaced => "displaced",
            FigureKind::Attacks => "attacks",
        }
    }
}

/// How exact a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "at least 66"
    AtLeast,
    /// "more than 60", "over 60"
    MoreThan,
    /// "about", "around", "some", "roughly"
    About,
    /// "nearly", "almost"
    Nearly,
    /// "up to", "fewer than", "less than"
    AtMost,
}

impl Qualifier {
    /// The words for it in English: "at least", "more than".
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::AtLeast => "at least",
            Qualifier::MoreThan => "more than",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::AtMost => "at most",
        }
    }
}

/// A number the text gives for the event: "more than 60 attacks".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub kind: FigureKind,
    pub value: u32,
    pub approx: Option<Qualifier>,
    /// From the qualifier (if any) to the end of the number.
    pub span: Span,
}

/// One event as one sentence of one article reports it. Every span is a
/// byte range of the article's analysis text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventMention {
    pub kind: EventKind,
    /// The word or words that name the event ("airstrikes", "drone attack").
    pub trigger: Span,
    pub sentence: Span,
    pub date: Option<EventDate>,
    /// A place mention of the sentence (see [`PlaceRef`]).
    pub place: Option<Span>,
    pub actors: Vec<Role>,
    pub figures: Vec<Figure>,
    /// The trigger points back to an event named before ("that strike",
    /// "the same attack"): merging joins it to the article's previous
    /// mention of a compatible kind when nothing else placed it.
    #[serde(default)]
    pub anaphoric: bool,
}

impl EventMention {
    /// The actors with the given role.
    pub fn actors_with(&self, role: RoleKind) -> impl Iterator<Item = &Role> {
        self.actors.iter().filter(move |a| a.role == role)
    }

    /// The figure of the given kind, if the sentence gives one.
    pub fn figure(&self, kind: FigureKind) -> Option<&Figure> {
        self.figures.iter().find(|f| f.kind == kind)
    }
}

/// A place mention: a toponym's span and, once the geo resolver has placed
/// it, its coordinates and whether it is a broad area.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlaceRef {
    pub span: Span,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// A country or first-level division ("Iraq", "Nineveh province"): it says
    /// less of where an event was than a town, so a sentence's town is
    /// preferred. `None` when unknown; a short built-in list of countries
    /// decides then.
    #[serde(default)]
    pub broad: Option<bool>,
}

impl PlaceRef {
    /// The LOC mentions, unresolved: what to pass before the geo resolver runs.
    pub fn from_entities(entities: &[EntityMention]) -> Vec<PlaceRef> {
        entities
            .iter()
            .filter(|e| e.label == Label::Loc)
            .map(|e| PlaceRef {
                span: e.span,
                lat: None,
                lon: None,
                broad: None,
            })
            .collect()
    }

    /// Latitude and longitude, when resolved.
    pub fn coordinates(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }
}

/// Everything extraction needs about one article's analysis text. All spans
/// are byte ranges of `text`; lists are in text order.
#[derive(Debug, Clone, Copy)]
pub struct EventInput<'a> {
    pub text: &'a str,
    pub sentences: &'a [Span],
    pub entities: &'a [EntityMention],
    pub timexes: &'a [Timex],
    pub places: &'a [PlaceRef],
    /// Dates without an attached expression fall back to this, as `Reported`.
    pub published: Option<NaiveDate>,
}

/// Finds the event mentions of an article, in text order.
pub fn extract(input: &EventInput) -> Vec<EventMention> {
    extract::extract(input)
}

/// The whole pure pipeline on one article's analysis text: sentences,
/// entities, temporal expressions, then events. Places are the LOC mentions,
/// unresolved; the places are returned too, for [`MentionRecord::new`].
pub fn extract_from_text(
    text: &str,
    published: Option<NaiveDate>,
) -> (Vec<EventMention>, Vec<PlaceRef>) {
    let sentences = crate::sentences::split(text);
    let entities = crate::ner::NerModel::builtin().entities(text);
    let timexes = crate::time::tag(text, published);
    let places = PlaceRef::from_entities(&entities);
    let input = EventInput {
        text,
        sentences: &sentences,
        entities: &entities,
        timexes: &timexes,
        places: &places,
        published,
    };
    (extract(&input), places)
}
