//! Event extraction, sentence by sentence: find triggers, drop hypothetical
//! ones, then give each trigger its date, place, actors and figures.
//!
//! Arguments are shared out between the triggers of a sentence by word order:
//! a date, place or figure goes to the nearest trigger it can belong to, so
//! "condemned overnight U.S. airstrikes south of Baghdad that killed eight"
//! gives the date, place and figure to the strikes, not to the condemnation.

use dossier_core::Span;

use super::date::{precision_of, reported};
use super::figures::{self, FoundFigure};
use super::lexicon::{self, TriggerClass};
use super::{
    ActorLabel, DatePrecision, EventDate, EventFamily, EventInput, EventKind, EventMention,
    PlaceRef, Role, RoleKind,
};
use crate::ner::{tokenize::tokenize, EntityMention, Label};
use crate::time::{Timex, TimexType};

/// How many words before a trigger may hold a marker of a hypothetical event.
const IRREALIS_LOOKBACK: usize = 5;
/// How far (in tokens) a place may be from its trigger.
const PLACE_REACH: usize = 16;
/// How far after a cue ("against", "members of") a target entity may start.
const TARGET_REACH: usize = 10;
/// Two triggers of one kind this close describe one event ("issued a threatening statement, warning").
const SAME_EVENT_GAP: usize = 8;

pub fn extract(input: &EventInput) -> Vec<EventMention> {
    let mut out = Vec::new();
    for (index, &sentence) in input.sentences.iter().enumerate() {
        // A span that does not fit the text is the caller's bug; skip it
        // rather than fail the whole article.
        let Some(sentence_text) = input.text.get(sentence.start..sentence.end) else {
            continue;
        };
        let previous = index.checked_sub(1).map(|i| input.sentences[i]);
        let ctx = SentenceCtx::new(input, sentence, sentence_text, previous);
        out.extend(ctx.mentions());
    }
    out
}

/// An entity of the sentence with its token range (inclusive).
#[derive(Debug, Clone, Copy)]
struct Ent {
    mention: EntityMention,
    first: usize,
    last: usize,
}

/// A place of the sentence with its token range and how strongly its
/// preposition says "there".
#[derive(Debug, Clone, Copy)]
struct Place {
    span: Span,
    first: usize,
    last: usize,
    strength: i32,
}

#[derive(Debug, Clone, Copy)]
struct DateCandidate<'t> {
    timex: &'t Timex,
    first: usize,
    last: usize,
}

/// A trigger: its kind, tokens (inclusive), and whether it reports a real event.
#[derive(Debug, Clone, Copy)]
struct Trigger {
    kind: EventKind,
    first: usize,
    last: usize,
    realis: bool,
    /// A kill verb this trigger absorbed ("targeted ... when a gunship
    /// killed five"): arguments near it are near the trigger too.
    absorbed: Option<usize>,
    /// An earlier event the sentence refers to ("in retaliation for the
    /// killing of a commander"): the main clause's date is not its date.
    prior: bool,
}

impl Trigger {
    fn distance_to(&self, first: usize, last: usize) -> usize {
        let own = span_distance((self.first, self.last), (first, last));
        match self.absorbed {
            Some(k) => own.min(span_distance((k, k), (first, last))),
            None => own,
        }
    }
}

struct SentenceCtx<'a> {
    input: &'a EventInput<'a>,
    sentence: Span,
    previous: Option<Span>,
    spans: Vec<Span>,
    words: Vec<String>,
    entities: Vec<Ent>,
    places: Vec<Place>,
    dates: Vec<DateCandidate<'a>>,
    in_timex: Vec<bool>,
}

impl<'a> SentenceCtx<'a> {
    fn new(
        input: &'a EventInput<'a>,
        sentence: Span,
        text: &str,
        previous: Option<Span>,
    ) -> SentenceCtx<'a> {
        let spans: Vec<Span> = tokenize(text)
            .into_iter()
            .map(|s| Span::new(s.start + sentence.start, s.end + sentence.start))
            .collect();
        let words = spans
            .iter()
            .map(|s| normalise_word(&input.text[s.start..s.end]))
            .collect();
        let mut ctx = SentenceCtx {
            input,
            sentence,
            previous,
            spans,
            words,
            entities: Vec::new(),
            places: Vec::new(),
            dates: Vec::new(),
            in_timex: Vec::new(),
        };
        ctx.entities = in_sentence(input.entities, |e| e.span, sentence)
            .into_iter()
            .filter_map(|e| {
                let (first, last) = ctx.token_range(e.span)?;
                Some(Ent {
                    mention: *e,
                    first,
                    last,
                })
            })
            .collect();
        ctx.in_timex = vec![false; ctx.spans.len()];
        for timex in in_sentence(input.timexes, |t| t.span, sentence) {
            let Some((first, last)) = ctx.token_range(timex.span) else {
                continue;
            };
            ctx.in_timex[first..=last]
                .iter_mut()
                .for_each(|b| *b = true);
            let dates_event = matches!(timex.kind, TimexType::Date | TimexType::Time)
                && precision_of(&timex.value).is_some();
            if dates_event {
                ctx.dates.push(DateCandidate { timex, first, last });
            }
        }
        ctx.places = ctx.find_places(input.places);
        ctx
    }

    /// The tokens a span overlaps (inclusive), by binary search: a run-on
    /// "sentence" (a table, a list) may hold thousands of tokens.
    fn token_range(&self, span: Span) -> Option<(usize, usize)> {
        let first = self.spans.partition_point(|t| t.end <= span.start);
        let last = self
            .spans
            .partition_point(|t| t.start < span.end)
            .checked_sub(1)?;
        (first <= last && first < self.spans.len()).then_some((first, last))
    }

    fn word(&self, i: usize) -> &str {
        self.words.get(i).map(String::as_str).unwrap_or("")
    }

    fn words_ref(&self) -> Vec<&str> {
        self.words.iter().map(String::as_str).collect()
    }

    fn mentions(&self) -> Vec<EventMention> {
        let triggers = self.triggers();
        if triggers.is_empty() {
            return Vec::new();
        }
        let words = self.words_ref();
        let figures = figures::find(&words, &self.spans, &self.in_timex);
        // Each figure's trigger, worked out once.
        let owners: Vec<Option<usize>> = figures
            .iter()
            .map(|f| self.figure_owner(f, &triggers))
            .collect();
        let mut out: Vec<EventMention> = Vec::new();
        let mut kept: Vec<Trigger> = Vec::new();
        for (k, trigger) in triggers.iter().enumerate() {
            if !trigger.realis || self.repeats(trigger, &kept) {
                continue;
            }
            let kind = self.refine_kind(trigger, &triggers);
            let own_figures: Vec<&FoundFigure> = figures
                .iter()
                .zip(&owners)
                .filter(|(_, owner)| **owner == Some(k))
                .map(|(f, _)| f)
                .collect();
            let actors = self.actors(trigger, &triggers, &own_figures);
            let figures_here: Vec<_> = own_figures.iter().map(|f| f.figure).collect();
            let explicit_date = self.date_for(k, &triggers);
            let place = self.place_for(k, &triggers);
            let has_argument = explicit_date.is_some()
                || place.is_some_and(|p| p.strength > 0)
                || !actors.is_empty()
                || !figures_here.is_empty();
            // A statement without its speaker, or talks without their
            // parties ("talks between the sides stalled"), tell the analyst nothing.
            let needs_agent = kind.family() == EventFamily::Statement;
            let needs_actor = kind.family() == EventFamily::Cooperation;
            let has_agent = actors.iter().any(|a| a.role == RoleKind::Agent);
            if !has_argument || (needs_agent && !has_agent) || (needs_actor && actors.is_empty()) {
                continue;
            }
            kept.push(*trigger);
            out.push(EventMention {
                kind,
                trigger: Span::new(
                    self.spans[trigger.first].start,
                    self.spans[trigger.last].end,
                ),
                sentence: self.sentence,
                date: explicit_date.or_else(|| self.reported_date(trigger)),
                place: place.map(|p| p.span),
                actors,
                figures: figures_here,
                anaphoric: self.is_anaphoric(trigger),
            });
        }
        out
    }

    /// All trigger candidates, realis or not: hypothetical ones still bound
    /// the argument windows of the others.
    fn triggers(&self) -> Vec<Trigger> {
        let mut found: Vec<(usize, EventKind, TriggerClass)> = Vec::new();
        for (i, word) in self.words.iter().enumerate() {
            if let Some((kind, class)) = lexicon::trigger(word) {
                if let Some(kind) = self.accept_trigger(i, kind, class) {
                    found.push((i, kind, class));
                }
            }
        }
        // Only a reported violent event takes a kill verb as its casualty
        // cue: near "preparing to launch a drone attack" the killing stands.
        let violent_heads: Vec<usize> = found
            .iter()
            .filter(|(_, kind, class)| {
                kind.family() == EventFamily::Violence && *class != TriggerClass::Kill
            })
            .filter(|(i, kind, _)| self.with_modifier(*i, *kind).realis)
            .map(|(i, _, _)| *i)
            .collect();
        let mut triggers: Vec<Trigger> = Vec::new();
        for (i, kind, class) in found {
            // "airstrikes that killed eight": the kill verb gives the strikes
            // a casualty figure; it is not another event.
            let near_head = violent_heads.iter().any(|h| h.abs_diff(i) <= 6);
            if class == TriggerClass::Kill && near_head {
                continue;
            }
            // "was targeted ... when a gunship killed five": one event.
            if class == TriggerClass::Kill {
                if let Some(head) = self.continued_clause_head(i, &violent_heads) {
                    if let Some(t) = triggers.iter_mut().find(|t| t.last == head) {
                        t.absorbed = Some(i);
                        continue;
                    }
                }
            }
            triggers.push(self.with_modifier(i, kind));
        }
        triggers
    }

    /// The violent trigger before `i` whose clause the kill verb continues:
    /// "strikes destroyed the facilities and likely killed", or joined by
    /// "when": "was targeted ... when a gunship killed five".
    fn continued_clause_head(&self, i: usize, heads: &[usize]) -> Option<usize> {
        let head = *heads.iter().rev().find(|&&h| h < i && i - h <= 16)?;
        let between = head + 1..i;
        let has_when = between.clone().any(|j| self.word(j) == "when");
        let broken = between
            .clone()
            .any(|j| matches!(self.word(j), ";" | "." | "but"));
        let same_clause =
            i - head <= 10 && !between.into_iter().any(|j| is_clause_break(self.word(j)));
        // "warplanes struck a building in Khan Younis, killing 12": the result.
        let result_participle = self.word(i) == "killing" && self.word(i - 1) == ",";
        ((has_when || same_clause || result_participle) && !broken).then_some(head)
    }

    /// Applies the class rules that decide whether a trigger word is an event here.
    fn accept_trigger(&self, i: usize, kind: EventKind, class: TriggerClass) -> Option<EventKind> {
        // "strike assessments", "attack helicopters": a modifier, not an event.
        if lexicon::is_modified_noun(self.word(i + 1)) {
            return None;
        }
        match class {
            TriggerClass::Plain | TriggerClass::Kill => Some(kind),
            TriggerClass::Strike => match self.word(i.wrapping_sub(1)) {
                "hunger" | "general" | "labour" | "labor" | "workers" => Some(EventKind::Protest),
                _ => Some(kind),
            },
            TriggerClass::Fire => self.fired_weapon(i),
            TriggerClass::PassiveOnly => {
                let passive =
                    (1..=2).any(|d| i >= d && lexicon::is_passive_auxiliary(self.word(i - d)));
                passive.then_some(kind)
            }
            TriggerClass::Labelled => {
                let says_what = self.words[i..].iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "violation" | "hostile" | "unacceptable" | "escalation" | "terrorist"
                    )
                });
                says_what.then_some(kind)
            }
        }
    }

    /// "fired rockets at", "launched dozens of drones": the weapon within four
    /// words names the kind; "opened fire" is an attack. "launched a drone
    /// attack" is left to its noun.
    fn fired_weapon(&self, i: usize) -> Option<EventKind> {
        if self.word(i) == "fire" {
            return (i > 0 && self.word(i - 1) == "opened").then_some(EventKind::Attack);
        }
        let (at, kind) =
            (i + 1..=i + 4).find_map(|j| lexicon::means_word(self.word(j)).map(|k| (j, k)))?;
        let names_its_own_event = lexicon::trigger(self.word(at + 1)).is_some();
        (!names_its_own_event).then_some(kind)
    }

    /// "drone attack", "air strikes", "rocket barrage": the word before names
    /// the means and belongs to the trigger.
    fn with_modifier(&self, i: usize, kind: EventKind) -> Trigger {
        let mut trigger = Trigger {
            kind,
            first: i,
            last: i,
            realis: true,
            absorbed: None,
            prior: false,
        };
        if kind.family() == EventFamily::Violence && i > 0 {
            if let Some(means) = lexicon::means_modifier(self.word(i - 1)) {
                trigger.first = i - 1;
                if kind.is_generic()
                    || kind == EventKind::Airstrike && means != EventKind::Airstrike
                {
                    trigger.kind = means;
                }
            }
        }
        trigger.realis = !self.is_irrealis(&trigger);
        trigger.prior = self.is_prior_event(&trigger);
        trigger
    }

    /// "threatened to attack", "warning of more attacks", "if U.S. strikes
    /// persist", "no attacks": not a report of an event that happened.
    fn is_irrealis(&self, trigger: &Trigger) -> bool {
        let mut counted = 0;
        let mut j = trigger.first;
        while j > 0 && counted < IRREALIS_LOOKBACK {
            j -= 1;
            let word = self.word(j);
            if matches!(word, "[" | "]" | "-") {
                continue;
            }
            if lexicon::number_value(word).is_some()
                || is_clause_break(word)
                || is_preposition(word)
            {
                break;
            }
            if word == "to" && j > 0 && lexicon::to_is_preposition_after(self.word(j - 1)) {
                break;
            }
            if lexicon::is_irrealis_marker(word) {
                return true;
            }
            counted += 1;
        }
        // A conditional clause: "if U.S. strikes continued".
        (trigger.first.saturating_sub(4)..trigger.first)
            .rev()
            .take_while(|&j| !is_clause_break(self.word(j)))
            .any(|j| matches!(self.word(j), "if" | "unless"))
    }

    /// "that strike", "this attack", "the same attack".
    fn is_anaphoric(&self, trigger: &Trigger) -> bool {
        let before = self.word(trigger.first.wrapping_sub(1));
        let two_before = self.word(trigger.first.wrapping_sub(2));
        // "that" is a demonstrative after a preposition ("killed in that
        // strike"), but a conjunction after a verb ("said that strikes hit").
        let far = matches!(before, "that" | "those") && is_preposition(two_before);
        let near = matches!(before, "this" | "these");
        let same = before == "same" && two_before == "the";
        far || near || same
    }

    /// "in retaliation for the killing", "in response to the attacks",
    /// "following attacks by": an event before the one the sentence reports.
    fn is_prior_event(&self, trigger: &Trigger) -> bool {
        (trigger.first.saturating_sub(4)..trigger.first).any(|j| {
            matches!(
                self.word(j),
                "retaliation" | "response" | "revenge" | "reprisal" | "following" | "after"
            )
        })
    }

    /// A second trigger of the same kind right after a kept one names the same event.
    fn repeats(&self, trigger: &Trigger, kept: &[Trigger]) -> bool {
        kept.iter().any(|k| {
            k.kind.compatible(trigger.kind)
                && trigger.first.saturating_sub(k.last) <= SAME_EVENT_GAP
        })
    }

    /// A generic "attack" or "killing" with a means word nearby ("a gunship
    /// killed", "attacked by ballistic missiles") takes that means' kind.
    fn refine_kind(&self, trigger: &Trigger, triggers: &[Trigger]) -> EventKind {
        if !trigger.kind.is_generic() || trigger.prior {
            return trigger.kind;
        }
        // Only close words: "fired rockets ... in retaliation for the killing
        // of a commander" says nothing of how the commander died.
        const MEANS_REACH: usize = 8;
        let (lo, hi) = self.window(trigger, triggers);
        let nearest = (lo..=hi)
            .filter_map(|j| {
                lexicon::means_word(self.word(j)).map(|k| (trigger.distance_to(j, j), k))
            })
            .filter(|(d, _)| *d <= MEANS_REACH)
            .min_by_key(|(d, _)| *d);
        nearest.map(|(_, k)| k).unwrap_or(trigger.kind)
    }

    /// The tokens a trigger's arguments may come from: up to the neighbouring triggers.
    fn window(&self, trigger: &Trigger, triggers: &[Trigger]) -> (usize, usize) {
        let lo = triggers
            .iter()
            .filter(|t| t.last < trigger.first)
            .map(|t| t.last + 1)
            .max()
            .unwrap_or(0);
        let hi = triggers
            .iter()
            .filter(|t| t.first > trigger.last)
            .map(|t| t.first - 1)
            .min()
            .unwrap_or(self.spans.len().saturating_sub(1));
        (lo, hi)
    }

    // ---- dates ----

    /// The date expression attached to trigger `k`: each expression goes to
    /// one trigger (see `date_owner`); a trigger with several takes the nearest.
    fn date_for(&self, k: usize, triggers: &[Trigger]) -> Option<EventDate> {
        let own = self
            .dates
            .iter()
            .filter(|d| self.date_owner(d, triggers) == Some(k))
            .min_by_key(|d| triggers[k].distance_to(d.first, d.last));
        // "Last night, CENTCOM said ...": a fronted date covers the whole sentence.
        let chosen = own.or_else(|| self.dates.iter().find(|d| self.is_fronted(d)))?;
        Some(EventDate {
            value: chosen.timex.value.clone(),
            precision: precision_of(&chosen.timex.value)?,
            span: Some(chosen.timex.span),
        })
    }

    /// The publication date standing in for the event's, `ReportedEarlier`
    /// when the clause says the event is older ("had previously undertaken",
    /// "earlier").
    fn reported_date(&self, trigger: &Trigger) -> Option<EventDate> {
        let mut date = reported(self.input.published?);
        let from = trigger.first.saturating_sub(8);
        let earlier = (from..trigger.first)
            .rev()
            .take_while(|&j| !is_clause_break(self.word(j)))
            .any(|j| matches!(self.word(j), "previously" | "earlier" | "formerly" | "once"));
        if earlier {
            date.precision = DatePrecision::ReportedEarlier;
        }
        Some(date)
    }

    fn is_fronted(&self, date: &DateCandidate) -> bool {
        date.first == 0 && self.word(date.last + 1) == ","
            || date.first == 1 && self.word(0) == "on" && self.word(date.last + 1) == ","
    }

    /// Which trigger a date expression dates: after a speech verb ("said
    /// Wednesday") the statement; right before a trigger ("overnight U.S.
    /// airstrikes") that trigger; otherwise the nearest realis trigger.
    fn date_owner(&self, date: &DateCandidate, triggers: &[Trigger]) -> Option<usize> {
        let after_speech = date.first > 0 && lexicon::is_speech_verb(self.word(date.first - 1));
        if after_speech {
            if let Some(k) = triggers
                .iter()
                .position(|t| t.realis && t.kind.family() == EventFamily::Statement)
            {
                return Some(k);
            }
        }
        if let Some(k) = triggers
            .iter()
            .position(|t| t.realis && t.first > date.last && t.first - date.last <= 3)
        {
            return Some(k);
        }
        // A prior event takes only a date written after it ("the attacks,
        // which began on October 17").
        triggers
            .iter()
            .enumerate()
            .filter(|(_, t)| t.realis && !(t.prior && date.last < t.first))
            .min_by_key(|(_, t)| t.distance_to(date.first, date.last))
            .map(|(k, _)| k)
    }

    // ---- places ----

    fn find_places(&self, places: &[PlaceRef]) -> Vec<Place> {
        let mut out = Vec::new();
        for place in in_sentence(places, |p| p.span, self.sentence) {
            let Some((first, last)) = self.token_range(place.span) else {
                continue;
            };
            if self.is_actor_like(first, last) {
                continue;
            }
            // "against the Erbil Airport", "in northern Israel": skip the
            // article and area adjectives before the name.
            let mut cue_end = first;
            while cue_end > 0 && lexicon::is_area_adjective(self.word(cue_end - 1)) {
                cue_end -= 1;
            }
            let before: Vec<&str> = (cue_end.saturating_sub(2)..cue_end)
                .map(|j| self.word(j))
                .collect();
            let strength =
                lexicon::place_cue_strength(&before).or_else(|| self.struck_place(cue_end));
            let Some(strength) = strength else {
                continue;
            };
            let name = &self.input.text[place.span.start..place.span.end];
            let broad = place.broad.unwrap_or_else(|| lexicon::is_country(name));
            let country_penalty = if broad { 2 } else { 0 };
            out.push(Place {
                span: place.span,
                first,
                last,
                strength: i32::from(strength) - country_penalty,
            });
        }
        self.prefer_located_over_reference(&mut out);
        out
    }

    /// "shelled Kharkiv", "bombed Gaza City": a place a violent verb acts on
    /// is where it happened.
    fn struck_place(&self, cue_end: usize) -> Option<u8> {
        let verb = self.word(cue_end.checked_sub(1)?);
        let violent =
            lexicon::trigger(verb).is_some_and(|(kind, _)| kind.family() == EventFamily::Violence);
        let past = verb.ends_with("ed") || lexicon::is_irregular_past(verb);
        (violent && past).then_some(3)
    }

    /// In "Ain al-Asad airbase west of Baghdad" or "Jurf al-Sakhar, south of
    /// Baghdad", Baghdad is a reference point: the place named before it is
    /// where the event was.
    fn prefer_located_over_reference(&self, places: &mut [Place]) {
        for r in 0..places.len() {
            let reference = places[r];
            let direction = reference.first.saturating_sub(2);
            let is_directional = reference.strength >= 4 && self.word(direction + 1) == "of";
            if !is_directional {
                continue;
            }
            for p in places.iter_mut() {
                if p.last < direction && direction - p.last <= 3 {
                    p.strength = p.strength.max(5);
                }
            }
        }
    }

    /// The best place among those closer to trigger `k` than to any other
    /// trigger that can have a place.
    fn place_for(&self, k: usize, triggers: &[Trigger]) -> Option<Place> {
        let trigger = &triggers[k];
        let placeable = |t: &Trigger| t.realis && t.kind.family() != EventFamily::Statement;
        let any_placeable = triggers.iter().any(placeable);
        if any_placeable && !placeable(trigger) {
            return None;
        }
        self.places
            .iter()
            .filter(|p| trigger.distance_to(p.first, p.last) <= PLACE_REACH)
            .filter(|p| {
                let nearest = triggers
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| !any_placeable || placeable(t))
                    .min_by_key(|(_, t)| t.distance_to(p.first, p.last))
                    .map(|(i, _)| i);
                nearest == Some(k)
            })
            .max_by_key(|p| {
                (
                    p.strength,
                    std::cmp::Reverse(trigger.distance_to(p.first, p.last)),
                )
            })
            .copied()
    }

    // ---- figures ----

    /// The trigger a figure belongs to: the counted attack noun, or the
    /// nearest trigger of a family that has casualties or arrests.
    fn figure_owner(&self, found: &FoundFigure, triggers: &[Trigger]) -> Option<usize> {
        if let Some(counted) = found.counted_token {
            return triggers
                .iter()
                .position(|t| t.first <= counted && counted <= t.last && t.realis);
        }
        let n = found.number_token;
        triggers
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                t.realis && matches!(t.kind.family(), EventFamily::Violence | EventFamily::Arrest)
            })
            // Ties go to the trigger before: "strikes that killed eight ... attacks".
            .min_by_key(|(_, t)| (t.distance_to(n, n), t.first > n))
            .map(|(k, _)| k)
    }

    // ---- actors ----

    fn actors(
        &self,
        trigger: &Trigger,
        triggers: &[Trigger],
        own_figures: &[&FoundFigure],
    ) -> Vec<Role> {
        let (lo, hi) = self.window(trigger, triggers);
        let mut roles: Vec<Role> = Vec::new();
        let mut push = |role: RoleKind, ent: &Ent| {
            let ent = self.named_in_apposition(ent).unwrap_or(ent);
            let span = self.actor_span(ent);
            let duplicate = roles.iter().any(|r| r.span == span);
            if !duplicate {
                roles.push(Role {
                    role,
                    span,
                    label: ActorLabel::from(ent.mention.label),
                });
            }
        };
        let passive = self.is_passive(trigger);
        let by_agent = self.by_phrase(trigger, hi);
        let subject = self.subject(trigger, lo);
        let subject_role = if passive {
            RoleKind::Target
        } else {
            RoleKind::Agent
        };
        if let Some(s) = subject {
            push(subject_role, s);
            // "Israel and Hamas agreed to a ceasefire": both are subjects.
            if let Some(other) = self.coordinated_before(s) {
                push(subject_role, other);
            }
        }
        for party in self.between_parties(trigger, hi) {
            push(RoleKind::Agent, party);
        }
        if let Some(a) = by_agent {
            push(RoleKind::Agent, a);
        }
        if trigger.kind.family() == EventFamily::Statement && subject.is_none() {
            let found = self
                .speaker(trigger)
                .or_else(|| self.sentence_subject(trigger))
                .or_else(|| self.antecedent(trigger));
            if let Some(speaker) = found {
                push(RoleKind::Agent, &speaker);
            }
        }
        let cue_limit = by_agent.map_or(trigger.last + 2, |a| a.last + 3).min(hi);
        if let Some(t) = self.object(trigger, cue_limit, hi) {
            push(RoleKind::Target, t);
        }
        if trigger.kind.family() == EventFamily::Violence {
            // "strikes ... likely killed a number of Kataib Hezbollah militants"
            let cues = (lo..=hi).filter(|&j| {
                lexicon::figure_cue(self.word(j)).is_some()
                    && lexicon::number_value(self.word(j + 1)).is_none()
            });
            for j in cues {
                if let Some(victims) = self.best_actor_in(j + 1, (j + 5).min(hi)) {
                    push(RoleKind::Target, victims);
                }
            }
        }
        for f in own_figures {
            if let Some(victims) = self.victims(f) {
                push(RoleKind::Target, &victims);
            }
        }
        roles
    }

    /// An actor's words: an adjective the tagger took for the whole actor
    /// ("Iran-linked", "Palestinian") grows over the group nouns it
    /// modifies, so the event reads "Iran-linked militias", "Palestinian
    /// militants", "American servicemen"; a name grows over the capitalised
    /// words the tagger left before it ("Prime Ministers Office", tagged
    /// "Office").
    fn actor_span(&self, ent: &Ent) -> Span {
        let span = ent.mention.span;
        // An antecedent in the sentence before has no tokens here.
        if span.start < self.sentence.start || span.end > self.sentence.end {
            return span;
        }
        let (mut first, mut last) = (ent.first, ent.last);
        match ent.mention.label {
            Label::Misc => {
                while last < ent.last + 2 && lexicon::is_group_noun(self.word(last + 1)) {
                    last += 1;
                }
            }
            // In a headline every word is capitalised: nothing to go by.
            Label::Org | Label::Loc if !self.is_title_case() => {
                while first + 3 > ent.first && first > 1 && self.is_bare_capitalised(first - 1) {
                    first -= 1;
                }
            }
            _ => {}
        }
        Span::new(
            self.spans[first].start.min(span.start),
            self.spans[last].end.max(span.end),
        )
    }

    /// Whether most of the sentence's words are capitalised, as in a
    /// headline ("Iraq Condemns US Airstrikes That Killed ...").
    fn is_title_case(&self) -> bool {
        let words: Vec<&str> = self
            .spans
            .iter()
            .map(|t| &self.input.text[t.start..t.end])
            .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
            .collect();
        let capitalised = words
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        capitalised * 2 > words.len()
    }

    /// A capitalised word inside the sentence that no entity covers.
    fn is_bare_capitalised(&self, j: usize) -> bool {
        let word = &self.input.text[self.spans[j].start..self.spans[j].end];
        word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(char::is_alphabetic)
            && !matches!(
                self.word(j),
                "the" | "a" | "an" | "this" | "that" | "its" | "their"
            )
            && !self.entities.iter().any(|e| e.first <= j && j <= e.last)
    }

    /// The name a describing phrase leads to: "Palestinian militant group
    /// Hamas", "the Iran-backed Shia paramilitary group Kataib Hezbollah",
    /// "IRGC General Qassam Soleimani". The adjective or organisation the
    /// tagger found first is not the actor; the name is.
    fn named_in_apposition(&self, ent: &Ent) -> Option<&Ent> {
        if !matches!(ent.mention.label, Label::Misc | Label::Org) {
            return None;
        }
        // The tagger may take the title in: "[IRGC General] [Qassam Soleimani]".
        if lexicon::is_rank_title(self.word(ent.last)) {
            let person = self
                .entities
                .iter()
                .find(|e| e.first == ent.last + 1 && e.mention.label == Label::Per);
            if person.is_some() {
                return person;
            }
        }
        for j in ent.last + 1..=ent.last + 4 {
            let word = self.word(j);
            let named = |label_ok: fn(Label) -> bool| {
                self.entities
                    .iter()
                    .find(|e| e.first == j + 1 && label_ok(e.mention.label))
            };
            if lexicon::is_rank_title(word) {
                return named(|l| l == Label::Per);
            }
            if ent.mention.label == Label::Misc
                && matches!(
                    word,
                    "group" | "movement" | "organisation" | "organization" | "militia"
                )
            {
                return named(|l| l != Label::Loc);
            }
            let other = self.entities.iter().find(|e| e.first <= j && j <= e.last);
            if is_clause_break(word) || other.is_some_and(|e| e.mention.label != Label::Misc) {
                return None;
            }
        }
        None
    }

    /// The entity joined to `ent` by "and" just before it.
    fn coordinated_before(&self, ent: &Ent) -> Option<&Ent> {
        if ent.first < 2 || self.word(ent.first - 1) != "and" {
            return None;
        }
        // A subject's partner is an actor whatever its type ("Israel and Hamas").
        self.entity_ending_at(ent.first - 2)
    }

    /// "clashes between X and Y", "talks between X and Y": both sides act.
    fn between_parties(&self, trigger: &Trigger, hi: usize) -> Vec<&Ent> {
        let symmetric = matches!(
            trigger.kind,
            EventKind::ArmedClash
                | EventKind::Meeting
                | EventKind::Agreement
                | EventKind::Ceasefire
        );
        if !symmetric || self.word(trigger.last + 1) != "between" {
            return Vec::new();
        }
        let from = trigger.last + 2;
        let to = (from..=(from + 8).min(hi))
            .find(|&j| is_clause_break(self.word(j)))
            .unwrap_or((from + 8).min(hi));
        self.entities
            .iter()
            .filter(|e| e.first >= from && e.first <= to && self.eligible(e))
            .take(2)
            .collect()
    }

    /// Whether an entity at these tokens names an actor rather than a place:
    /// organisations, people and groups always; a country or city only when
    /// it heads or modifies a group ("U.S. forces", "Iraq's government"),
    /// speaks ("Baghdad said") or modifies a trigger ("U.S. strikes").
    fn is_actor_like(&self, first: usize, last: usize) -> bool {
        let next = self.word(last + 1);
        // A name before an event noun modifies it ("U.S. strikes"); before a
        // verb ("near Basra killed") it does not.
        let event_noun = |w: &str| {
            lexicon::trigger(w).is_some_and(|(_, class)| class != TriggerClass::Kill)
                && !w.ends_with("ed")
        };
        let modifies_trigger = event_noun(next)
            || lexicon::means_modifier(next).is_some() && event_noun(self.word(last + 2));
        lexicon::is_group_noun(next)
            || matches!(next, "'s" | "'" | "military")
            || lexicon::is_speech_verb(next)
            || modifies_trigger
            || first > 0 && self.word(first - 1) == "by"
            || first > 1 && self.word(first - 1) == "the" && self.word(first - 2) == "by"
    }

    fn eligible(&self, ent: &Ent) -> bool {
        match ent.mention.label {
            Label::Loc => self.is_actor_like(ent.first, ent.last),
            Label::Per | Label::Org | Label::Misc => true,
        }
    }

    /// A trigger in the passive: "were attacked", "was previously targeted".
    fn is_passive(&self, trigger: &Trigger) -> bool {
        let past = self.word(trigger.last).ends_with("ed");
        past && (1..=2).any(|d| {
            trigger.first >= d && lexicon::is_passive_auxiliary(self.word(trigger.first - d))
        })
    }

    /// "attacks by Iran-linked militias", "targeted by the United States".
    fn by_phrase(&self, trigger: &Trigger, hi: usize) -> Option<&Ent> {
        let by = (trigger.last + 1..=(trigger.last + 3).min(hi)).find(|&j| self.word(j) == "by")?;
        self.entities
            .iter()
            .find(|e| e.first > by && e.first <= by + 3 && e.last <= hi && self.eligible(e))
    }

    /// Who did it, before the trigger: "US airstrikes", "American warplanes
    /// carried out airstrikes", "Iraq's government condemned". Nouns take
    /// their subject only through a premodifier or a light verb; verbs take
    /// the nearest actor before them.
    fn subject(&self, trigger: &Trigger, lo: usize) -> Option<&Ent> {
        let is_verb = self.is_verb_use(trigger);
        let mut anchor = trigger.first;
        if !is_verb {
            // Walk back over fillers to a light verb or a premodifying entity.
            let mut j = trigger.first;
            let mut steps = 0;
            while j > lo && steps < 6 {
                j -= 1;
                steps += 1;
                let word = self.word(j);
                if let Some(e) = self.entity_ending_at(j) {
                    return self.eligible(e).then_some(e);
                }
                if lexicon::is_light_verb(word) {
                    anchor = j;
                    break;
                }
                let filler = matches!(
                    word,
                    "a" | "an"
                        | "the"
                        | "'s"
                        | "'"
                        | "of"
                        | "military"
                        | "its"
                        | "at"
                        | "least"
                        | "to"
                        | "more"
                        | "than"
                        | "over"
                        | "about"
                        | "some"
                        | "nearly"
                        | "almost"
                ) || lexicon::is_count_filler(word)
                    || lexicon::number_value(word).is_some()
                    || lexicon::means_modifier(word).is_some()
                    || word.ends_with("ive")
                    || word.ends_with("ory");
                if !filler {
                    return None;
                }
            }
            if anchor == trigger.first {
                return None;
            }
        }
        // The nearest actor before the anchor, within the clause.
        let mut j = anchor;
        let mut steps = 0;
        while j > lo && steps < 10 {
            j -= 1;
            steps += 1;
            if is_clause_break(self.word(j)) && steps > 1 {
                return None;
            }
            if let Some(e) = self.entity_ending_at(j) {
                let after_place_cue = e.first > 0
                    && matches!(
                        self.word(e.first - 1),
                        "in" | "near" | "of" | "at" | "from" | "to"
                    );
                if !after_place_cue {
                    return Some(e);
                }
            }
        }
        None
    }

    /// Verbs: "condemned", "attacked", "killing" after a comma, "threatens".
    fn is_verb_use(&self, trigger: &Trigger) -> bool {
        if trigger.kind.family() == EventFamily::Statement {
            return true;
        }
        let word = self.word(trigger.last);
        let before = self.word(trigger.first.wrapping_sub(1));
        let after_determiner = matches!(before, "the" | "a" | "an" | "its" | "their" | "of");
        let past = word.ends_with("ed") || lexicon::is_irregular_past(word);
        !after_determiner && (past || word.ends_with("ing") && before == ",")
    }

    fn entity_ending_at(&self, j: usize) -> Option<&Ent> {
        self.entities
            .iter()
            .find(|e| e.last == j || e.last + 1 == j && self.is_possessive_or_group(j))
    }

    fn is_possessive_or_group(&self, j: usize) -> bool {
        let word = self.word(j);
        matches!(word, "'s" | "'") || lexicon::is_group_noun(word)
    }

    /// "Condemning the strikes, Baghdad said Wednesday": the speaker of a
    /// statement whose trigger opens the sentence.
    fn speaker(&self, trigger: &Trigger) -> Option<Ent> {
        self.entities
            .iter()
            .filter(|e| e.first > trigger.last)
            .find(|e| {
                let next = self.word(e.last + 1);
                lexicon::is_speech_verb(next)
                    || lexicon::is_group_noun(next)
                        && lexicon::is_speech_verb(self.word(e.last + 2))
            })
            .copied()
    }

    /// "Kataib Hezbollah, based in ..., confirmed ... and issued a threatening
    /// statement": an organisation or person opening the sentence speaks.
    fn sentence_subject(&self, trigger: &Trigger) -> Option<Ent> {
        let first = self.entities.first()?;
        let opens = first.first == 0 || first.first == 1 && self.word(0) == "the";
        let speaker = matches!(first.mention.label, Label::Org | Label::Per);
        (opens && speaker && first.last < trigger.first).then_some(*first)
    }

    /// "In a statement, it threatened ...": the pronoun's antecedent is the
    /// first organisation or person of the previous sentence.
    fn antecedent(&self, trigger: &Trigger) -> Option<Ent> {
        let pronoun_before = (trigger.first.saturating_sub(3)..trigger.first)
            .any(|j| lexicon::is_actor_pronoun(self.word(j)));
        let previous = self.previous?;
        if !pronoun_before {
            return None;
        }
        let mention =
            self.input.entities.iter().find(|e| {
                previous.contains(e.span) && matches!(e.label, Label::Org | Label::Per)
            })?;
        Some(Ent {
            mention: *mention,
            first: 0,
            last: 0,
        })
    }

    /// The target after the trigger: "strikes on X", "airstrike that
    /// targeted the headquarters of ... X", "destroyed a X operations center".
    fn object(&self, trigger: &Trigger, cue_limit: usize, hi: usize) -> Option<&Ent> {
        let statement = trigger.kind.family() == EventFamily::Statement;
        // A verb's direct object: "attacked U.S. forces", "arrested the mayor".
        if !statement && self.is_verb_use(trigger) && !self.is_passive(trigger) {
            let next = trigger.last + 1;
            let direct = self.entities.iter().find(|e| {
                let adjacent = e.first == next
                    || e.first == next + 1 && matches!(self.word(next), "the" | "a" | "an");
                adjacent && e.last <= hi && self.eligible(e)
            });
            if direct.is_some() {
                return direct;
            }
        }
        let start = if statement {
            trigger.last
        } else {
            (trigger.last + 1..=cue_limit.max(trigger.last + 1))
                .find(|&j| self.is_target_cue_at(trigger, j))?
        };
        let reach = match self.word(start) {
            // What a statement is about may name the event it threatens or
            // condemns: "threatened to attack Israeli towns".
            _ if statement => {
                return self.best_actor_in(start + 1, (start + 6).min(self.spans.len() - 1))
            }
            "of" | "on" => 4,
            _ => TARGET_REACH,
        };
        self.best_actor_in(start + 1, (start + reach).min(hi))
    }

    /// "on", "against", "that targeted"; "of" only right after a noun trigger
    /// ("the killing of X"), since "strikes south of Baghdad" names a place.
    fn is_target_cue_at(&self, trigger: &Trigger, j: usize) -> bool {
        let word = self.word(j);
        if word == "of" {
            return j == trigger.last + 1 && !self.is_verb_use(trigger);
        }
        if word == "that" {
            return lexicon::is_target_cue(self.word(j + 1)) && self.word(j + 1) != "of";
        }
        lexicon::is_target_cue(word)
    }

    /// An organisation if there is one, else the first actor-like entity.
    fn best_actor_in(&self, from: usize, to: usize) -> Option<&Ent> {
        // A target is in the same clause as its cue.
        let to = (from..=to)
            .find(|&j| is_clause_break(self.word(j)))
            .unwrap_or(to);
        let in_range: Vec<&Ent> = self
            .entities
            .iter()
            .filter(|e| e.first >= from && e.first <= to && self.eligible(e))
            .collect();
        in_range
            .iter()
            .find(|e| e.mention.label == Label::Org)
            .or_else(|| in_range.first())
            .copied()
    }

    /// The victims of a casualty figure: "eight members of ... Kataib
    /// Hezbollah", "three American servicemen", "eight of its members".
    fn victims(&self, found: &FoundFigure) -> Option<Ent> {
        use super::FigureKind::*;
        if !matches!(found.figure.kind, Killed | Injured | Arrested) {
            return None;
        }
        let n = found.number_token;
        let possessive = (n + 1..n + 4).any(|j| matches!(self.word(j), "its" | "their"));
        if possessive {
            // "Islamic State said 14 of its fighters": the group named before.
            return self
                .entities
                .iter()
                .find(|e| e.last < n && e.mention.label != Label::Loc)
                .copied();
        }
        let to = (n + 8).min(self.spans.len().saturating_sub(1));
        let stop = (n + 1..=to)
            .find(|&j| is_clause_break(self.word(j)))
            .unwrap_or(to);
        self.best_actor_in(n + 1, stop).copied()
    }
}

/// The items of a list in text order whose span lies in `sentence`, found by
/// binary search so that long articles stay linear.
fn in_sentence<T>(items: &[T], span_of: impl Fn(&T) -> Span, sentence: Span) -> Vec<&T> {
    let from = items.partition_point(|t| span_of(t).start < sentence.start);
    items[from..]
        .iter()
        .take_while(|t| span_of(t).start < sentence.end)
        .filter(|t| sentence.contains(span_of(t)))
        .collect()
}

/// Tokens between two inclusive token ranges (0 when they touch or overlap).
fn span_distance(a: (usize, usize), b: (usize, usize)) -> usize {
    if b.1 < a.0 {
        a.0 - b.1
    } else {
        b.0.saturating_sub(a.1)
    }
}

/// Lower case, with typographic apostrophes and dashes made plain.
fn normalise_word(token: &str) -> String {
    token.to_lowercase().replace('’', "'")
}

fn is_clause_break(word: &str) -> bool {
    matches!(
        word,
        "," | ";" | ":" | "." | "–" | "—" | "(" | ")" | "which" | "while" | "but"
    )
}

fn is_preposition(word: &str) -> bool {
    matches!(
        word,
        "after" | "in" | "on" | "by" | "of" | "since" | "following" | "amid" | "during" | "before"
    )
}
