//! One event, many sources: groups event mentions from many articles into
//! events, and lists the fields their sources disagree on.
//!
//! Merging is greedy, most precisely dated mentions first. A mention joins the
//! best compatible event that shares an actor or a place with it; candidates
//! are found through an index keyed by (family, actor or place name, week), so
//! the work grows with the number of mentions times the events that share a
//! name in the same weeks, not with the square of the number of mentions.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::date::date_range;
use super::lexicon::{actor_alias, is_country, is_group_noun};
use super::{
    DatePrecision, EventDate, EventFamily, EventKind, EventMention, FigureKind, PlaceRef,
    Qualifier, RoleKind,
};

/// Places closer than this are the same place.
const SAME_PLACE_KM: f64 = 25.0;
/// Places farther apart than this cannot host one event.
const OTHER_PLACE_KM: f64 = 100.0;
/// Sources may misdate an event by a day; a mention off by that much still
/// joins an event when the other evidence is strong.
const DATE_SLACK_DAYS: i64 = 1;
/// Evidence needed to join an event (see `evidence`).
const JOIN_THRESHOLD: u32 = 2;
/// Evidence needed when the dates only meet with the slack.
const JOIN_THRESHOLD_SLACK: u32 = 3;
/// Members compared when scoring a large event: its first ones say enough.
const MEMBERS_COMPARED: usize = 32;

/// A place as merging sees it: the name written, and coordinates once resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceValue {
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// A country or province (see [`PlaceRef::broad`]); `None` when unknown.
    #[serde(default)]
    pub broad: Option<bool>,
}

impl PlaceValue {
    /// Whether the place is a broad area, by the resolver or else by name.
    pub fn is_broad(&self) -> bool {
        self.broad.unwrap_or_else(|| is_country(&self.name))
    }
}

/// An event mention with what merging needs from outside it: the article it
/// came from and the text of its place and actors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// The article's id (the store's article id, or a file name in tests).
    pub source: String,
    pub mention: EventMention,
    pub place: Option<PlaceValue>,
    /// The text of each of `mention.actors`, in the same order.
    pub actor_names: Vec<String>,
}

impl MentionRecord {
    /// Reads the place and actor names from the article's `text`; `places`
    /// supplies coordinates for the mention's place when they are known.
    pub fn new(
        source: impl Into<String>,
        text: &str,
        mention: EventMention,
        places: &[PlaceRef],
    ) -> MentionRecord {
        let slice =
            |span: dossier_core::Span| text.get(span.start..span.end).unwrap_or("").to_string();
        let place = mention.place.map(|span| {
            let resolved = places.iter().find(|p| p.span == span);
            PlaceValue {
                name: slice(span),
                lat: resolved.and_then(|p| p.lat),
                lon: resolved.and_then(|p| p.lon),
                broad: resolved.and_then(|p| p.broad),
            }
        });
        let actor_names = mention.actors.iter().map(|a| slice(a.span)).collect();
        MentionRecord {
            source: source.into(),
            mention,
            place,
            actor_names,
        }
    }
}

/// A real-world event: the mentions that report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The most specific kind its mentions give.
    pub kind: EventKind,
    /// The most precise date its mentions give (an explicit one before a reported one).
    pub date: Option<EventDate>,
    /// Indices into the records given to [`merge`], in input order.
    pub mentions: Vec<usize>,
}

/// Lower case, no periods, no leading "the", demonyms mapped to their
/// country: "U.S.", "US", "United States" and "American" give one key.
///
/// A backer's proxies ("Iran-linked", "Iran-aligned", "Iranian-backed") share
/// one key, `iran-backed`, distinct from the backer's own. Group nouns after
/// a name add nothing to who it is: "Iraqi government" is Iraq, "Iran-linked
/// militias" the Iran-backed.
pub fn actor_key(name: &str) -> String {
    let mut key = plain_key(name);
    while let Some((head, last)) = key.rsplit_once(' ') {
        if !is_group_noun(last) {
            break;
        }
        key.truncate(head.len());
    }
    for suffix in [
        "-linked",
        "-aligned",
        "-backed",
        "-allied",
        "-affiliated",
        "-sponsored",
    ] {
        if let Some(backer) = key.strip_suffix(suffix) {
            let backer = actor_alias(backer).unwrap_or(backer);
            return format!("{backer}-backed");
        }
    }
    actor_alias(&key).map(str::to_string).unwrap_or(key)
}

/// Lower case, no periods, no leading "the".
pub fn place_key(name: &str) -> String {
    plain_key(name)
}

fn plain_key(name: &str) -> String {
    let lower = name
        .to_lowercase()
        .replace(['.', '’'], "")
        .replace('\'', "");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") => &words[1..],
        _ => &words[..],
    };
    let joined = words.join(" ");
    joined.strip_suffix(" s").unwrap_or(&joined).to_string()
}

/// What merging compares, computed once per mention.
struct Facts {
    family: EventFamily,
    kind: EventKind,
    /// Days since the Common Era, inclusive; `None` when undated.
    range: Option<(i64, i64)>,
    explicit_day: Option<i64>,
    agents: Vec<String>,
    targets: Vec<String>,
    place: Option<String>,
    broad_place: bool,
    coordinates: Option<(f64, f64)>,
    figures: Vec<(FigureKind, u32, Option<Qualifier>)>,
}

impl Facts {
    fn of(record: &MentionRecord) -> Facts {
        let m = &record.mention;
        let day = |d: NaiveDate| i64::from(chrono::Datelike::num_days_from_ce(&d));
        let range = m
            .date
            .as_ref()
            .and_then(date_range)
            .map(|(a, b)| (day(a), day(b)));
        let explicit_day = m.date.as_ref().filter(|d| {
            matches!(
                d.precision,
                DatePrecision::Day | DatePrecision::PartOfDay | DatePrecision::Time
            )
        });
        let keys = |role: RoleKind| -> Vec<String> {
            let mut keys: Vec<String> = m
                .actors
                .iter()
                .zip(&record.actor_names)
                .filter(|(a, _)| a.role == role)
                .map(|(_, name)| actor_key(name))
                .collect();
            keys.sort();
            keys.dedup();
            keys
        };
        Facts {
            family: m.kind.family(),
            kind: m.kind,
            range,
            explicit_day: explicit_day.and_then(date_range).map(|(a, _)| day(a)),
            agents: keys(RoleKind::Agent),
            targets: keys(RoleKind::Target),
            place: record.place.as_ref().map(|p| place_key(&p.name)),
            broad_place: record.place.as_ref().is_some_and(PlaceValue::is_broad),
            coordinates: record.place.as_ref().and_then(|p| Some((p.lat?, p.lon?))),
            figures: m
                .figures
                .iter()
                .map(|f| (f.kind, f.value, f.approx))
                .collect(),
        }
    }

    /// The names an event is found by: its actors and its place.
    fn block_names(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .agents
            .iter()
            .chain(&self.targets)
            .map(|a| format!("a:{a}"))
            .collect();
        keys.extend(self.place.iter().map(|p| format!("p:{p}")));
        keys.sort();
        keys.dedup();
        keys
    }
}

/// Groups mentions into events. Deterministic for a given input order.
///
/// Mentions with the most precise dates go first, so that a vague "the
/// strikes" (reported date) joins the event its precise reports have formed
/// instead of forming one of its own.
pub fn merge(records: &[MentionRecord]) -> Vec<Event> {
    merge_with_stats(records).0
}

/// How much work merging did: what shows it is not quadratic, independent
/// of the machine's speed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeStats {
    /// Mention-to-mention comparisons (`evidence` calls).
    pub comparisons: usize,
    /// Blocks (family, name, time bucket) in the index at the end.
    pub blocks: usize,
}

/// [`merge`], with the work it did.
pub fn merge_with_stats(records: &[MentionRecord]) -> (Vec<Event>, MergeStats) {
    let mut stats = MergeStats::default();
    let facts: Vec<Facts> = records.iter().map(Facts::of).collect();
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by_key(|&i| {
        let rank = records[i].mention.date.as_ref().map_or(0, date_rank);
        (
            std::cmp::Reverse(rank),
            facts[i].range.map_or(i64::MAX, |r| r.0),
            i,
        )
    });

    let mut clusters: Vec<Cluster> = Vec::new();
    let mut index: HashMap<BlockKey, Vec<usize>> = HashMap::new();
    // `seen[c] == stamp` marks cluster `c` as already scored for this mention.
    let mut seen: Vec<usize> = Vec::new();
    for (stamp, &i) in order.iter().enumerate() {
        let f = &facts[i];
        let (file_blocks, lookup_blocks) = block_keys(f);
        let mut best: Option<(u32, usize)> = None;
        for block in &lookup_blocks {
            for &c in index.get(block).into_iter().flatten() {
                if seen[c] == stamp + 1 {
                    continue;
                }
                seen[c] = stamp + 1;
                stats.comparisons += clusters[c].members.len().min(MEMBERS_COMPARED);
                if let Some(score) = clusters[c].accepts(i, &facts, records) {
                    if best.is_none_or(|(s, _)| score > s) {
                        best = Some((score, c));
                    }
                }
            }
        }
        let c = match best {
            Some((_, c)) => {
                clusters[c].members.push(i);
                c
            }
            None => {
                clusters.push(Cluster { members: vec![i] });
                seen.push(0);
                clusters.len() - 1
            }
        };
        for block in file_blocks {
            let list = index.entry(block).or_default();
            if list.last() != Some(&c) && !list.contains(&c) {
                list.push(c);
            }
        }
    }
    stats.blocks = index.len();
    join_anaphora(&mut clusters, records, &facts);
    let mut events: Vec<Event> = clusters
        .into_iter()
        .filter(|c| !c.members.is_empty())
        .map(|c| c.into_event(records))
        .collect();
    events.sort_by_key(|e| e.mentions[0]);
    (events, stats)
}

/// What finds the events a mention could join without the whole library in
/// memory: its family, block names and date range (days since the Common Era,
/// slack not included). A store keeps these per stored mention and merges new
/// mentions with only the stored events whose mentions share a name and come
/// near in time ([`MergeKeys::near_days`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeKeys {
    pub family: EventFamily,
    /// "a:<actor key>" and "p:<place key>", as merging's blocks name them.
    pub names: Vec<String>,
    pub range: Option<(i64, i64)>,
}

impl MergeKeys {
    pub fn of(record: &MentionRecord) -> MergeKeys {
        let facts = Facts::of(record);
        MergeKeys {
            family: facts.family,
            names: facts.block_names(),
            range: facts.range,
        }
    }

    /// Filed by year rather than by week (see `buckets_of`).
    pub fn wide(&self) -> bool {
        self.range
            .is_some_and(|(start, end)| end - start + 2 * DATE_SLACK_DAYS > WEEKLY_LIMIT_DAYS)
    }

    /// How far apart (in days, between one range's end and the other's start)
    /// two mentions sharing a name may lie and still meet in a block: a week
    /// bucket plus the slack on both sides, or a year bucket when either is
    /// wide. A bound, not the exact rule: a store that looks this far finds
    /// every event merging could put the mention in.
    pub fn near_days(either_wide: bool) -> i64 {
        if either_wide {
            366 + 2 * DATE_SLACK_DAYS
        } else {
            7 + 2 * DATE_SLACK_DAYS
        }
    }

    /// The widest range still filed by week.
    pub const NARROW_SPAN_DAYS: i64 = WEEKLY_LIMIT_DAYS;
}

/// A block: family, an actor or place name, and a time bucket. Mentions are
/// compared only with events sharing a block, which keeps merging near-linear.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct BlockKey {
    family: EventFamily,
    name: String,
    bucket: TimeBucket,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TimeBucket {
    /// Weeks since the Common Era, for ranges up to two months.
    Week(i64),
    /// Years since the Common Era (365-day), for wider ranges; see `buckets_of`.
    Year(i64),
    Undated,
}

/// Ranges wider than this are bucketed by year, not by week.
const WEEKLY_LIMIT_DAYS: i64 = 62;

/// The time buckets a mention is filed under, and those it looks in. A
/// narrow range files under each week it touches (with the slack); a wide one
/// (a month-plus, a year) under its years. Narrow mentions look in their weeks
/// and years, wide ones in their years and every week of them, so narrow and
/// wide dates meet while a busy name's narrow events stay in their weeks.
fn buckets_of(range: Option<(i64, i64)>) -> (Vec<TimeBucket>, Vec<TimeBucket>) {
    let Some((start, end)) = range else {
        return (vec![TimeBucket::Undated], vec![TimeBucket::Undated]);
    };
    let (start, end) = (start - DATE_SLACK_DAYS, end + DATE_SLACK_DAYS);
    let years: Vec<TimeBucket> = (start.div_euclid(365)..=end.div_euclid(365))
        .map(TimeBucket::Year)
        .collect();
    let weeks: Vec<TimeBucket> = (start.div_euclid(7)..=end.div_euclid(7))
        .map(TimeBucket::Week)
        .collect();
    if end - start <= WEEKLY_LIMIT_DAYS {
        let lookup = weeks.iter().chain(&years).copied().collect();
        (weeks, lookup)
    } else {
        let lookup = years.iter().chain(&weeks).copied().collect();
        (years, lookup)
    }
}

/// The blocks a mention is filed under and the blocks it looks in.
fn block_keys(f: &Facts) -> (Vec<BlockKey>, Vec<BlockKey>) {
    let (file, lookup) = buckets_of(f.range);
    let names = f.block_names();
    let keys = |buckets: &[TimeBucket]| -> Vec<BlockKey> {
        names
            .iter()
            .flat_map(|name| {
                buckets.iter().map(move |&bucket| BlockKey {
                    family: f.family,
                    name: name.clone(),
                    bucket,
                })
            })
            .collect()
    };
    (keys(&file), keys(&lookup))
}

struct Cluster {
    members: Vec<usize>,
}

impl Cluster {
    /// The evidence that mention `i` reports this event, or `None` when any
    /// compared member rules it out.
    fn accepts(&self, i: usize, facts: &[Facts], records: &[MentionRecord]) -> Option<u32> {
        let mut best = 0;
        let mut slack_only = false;
        for &m in self.members.iter().take(MEMBERS_COMPARED) {
            let same_source = records[m].source == records[i].source;
            let (score, needs_slack) = evidence(&facts[i], &facts[m], same_source)?;
            best = best.max(score);
            slack_only |= needs_slack;
        }
        let threshold = if slack_only {
            JOIN_THRESHOLD_SLACK
        } else {
            JOIN_THRESHOLD
        };
        (best >= threshold).then_some(best)
    }

    fn into_event(mut self, records: &[MentionRecord]) -> Event {
        self.members.sort();
        let kinds: Vec<EventKind> = self
            .members
            .iter()
            .map(|&m| records[m].mention.kind)
            .collect();
        let kind = most_specific_kind(&kinds);
        // Of equally precise dates, the earliest: reports dated 22 and 24
        // July tell of an event by the 22nd, whichever was stored first.
        let date = self
            .members
            .iter()
            .filter_map(|&m| records[m].mention.date.as_ref())
            .max_by(|a, b| {
                date_rank(a)
                    .cmp(&date_rank(b))
                    .then_with(|| b.value.cmp(&a.value))
            })
            .cloned();
        Event {
            kind,
            date,
            mentions: self.members,
        }
    }
}

/// How many earlier mentions of its article an anaphoric one looks back over.
const ANAPHORA_LOOKBACK: usize = 8;

/// "Kataib Hezbollah said one of its members was killed in that strike":
/// a demonstrative mention that evidence left alone joins the event of the
/// nearest earlier mention of its article with a compatible kind and nothing
/// ruling the pair out. Records of an article are taken in input order, which
/// is text order for `extract`'s output.
fn join_anaphora(clusters: &mut [Cluster], records: &[MentionRecord], facts: &[Facts]) {
    let mut cluster_of = vec![0; records.len()];
    for (c, cluster) in clusters.iter().enumerate() {
        for &m in &cluster.members {
            cluster_of[m] = c;
        }
    }
    let mut earlier: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        let previous = earlier.entry(record.source.as_str()).or_default();
        let alone = clusters[cluster_of[i]].members.len() == 1;
        if record.mention.anaphoric && alone {
            let antecedent = previous
                .iter()
                .rev()
                .take(ANAPHORA_LOOKBACK)
                .find(|&&p| evidence(&facts[i], &facts[p], true).is_some());
            if let Some(&p) = antecedent {
                let (from, to) = (cluster_of[i], cluster_of[p]);
                clusters[from].members.clear();
                clusters[to].members.push(i);
                cluster_of[i] = to;
            }
        }
        previous.push(i);
    }
}

/// Finer dates rank higher; a reported date ranks lowest.
fn date_rank(date: &EventDate) -> u8 {
    match date.precision {
        DatePrecision::ReportedEarlier => 0,
        DatePrecision::Reported => 1,
        DatePrecision::Year => 2,
        DatePrecision::Month => 3,
        DatePrecision::Week => 4,
        DatePrecision::Day => 5,
        DatePrecision::PartOfDay => 6,
        DatePrecision::Time => 7,
    }
}

/// The most frequent specific kind, else the most frequent kind.
fn most_specific_kind(kinds: &[EventKind]) -> EventKind {
    let mut counts: Vec<(EventKind, usize)> = Vec::new();
    for &k in kinds {
        match counts.iter_mut().find(|(c, _)| *c == k) {
            Some((_, n)) => *n += 1,
            None => counts.push((k, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|(k, n)| (!k.is_generic(), *n, std::cmp::Reverse(*k)))
        .map(|(k, _)| *k)
        .expect("an event has a mention")
}

/// How strongly two mentions look like one event, and whether their dates
/// meet only with the slack; `None` when something rules it out (another
/// kind, far-apart dates or places, swapped roles, clashing death tolls).
fn evidence(a: &Facts, b: &Facts, same_source: bool) -> Option<(u32, bool)> {
    if !a.kind.compatible(b.kind) {
        return None;
    }
    let needs_slack = match (a.range, b.range) {
        (Some(x), Some(y)) => {
            let strict = x.0 <= y.1 && y.0 <= x.1;
            let slack = x.0 - DATE_SLACK_DAYS <= y.1 && y.0 - DATE_SLACK_DAYS <= x.1;
            if !slack {
                return None;
            }
            !strict
        }
        // Undated mentions only join events of their own article.
        _ if same_source => false,
        _ => return None,
    };
    let swapped = a.agents.iter().any(|x| b.targets.contains(x))
        || a.targets.iter().any(|x| b.agents.contains(x));
    if swapped {
        return None;
    }
    let mut score: u32 = 0;
    let mut penalty: u32 = 0;
    match (a.coordinates, b.coordinates) {
        (Some(p), Some(q)) => {
            let km = distance_km(p, q);
            if km > OTHER_PLACE_KM {
                return None;
            }
            // A country's point is a weak sign too, whatever its coordinates.
            if km <= SAME_PLACE_KM {
                score += if a.broad_place || b.broad_place { 1 } else { 2 };
            }
        }
        _ => match (&a.place, &b.place) {
            // A country is a weak sign: many events happen in Iraq on one day.
            (Some(p), Some(q)) if p == q && a.broad_place => score += 1,
            (Some(p), Some(q)) if p == q => score += 2,
            // Two names may be one place ("Jurf al-Sakhar", "south of
            // Baghdad"), so without coordinates they only weigh against.
            (Some(_), Some(_)) => penalty += 1,
            _ => {}
        },
    }
    for (kind, value, approx) in &a.figures {
        for (other_kind, other_value, other_approx) in &b.figures {
            if kind != other_kind {
                continue;
            }
            let (x, y) = ((*value, *approx), (*other_value, *other_approx));
            if value == other_value {
                score += 1;
            } else if *kind == FigureKind::Attacks && !counts_compatible(x, y) {
                // "two series of strikes" and "three sets of strikes" are two campaigns.
                return None;
            } else if matches!(kind, FigureKind::Killed | FigureKind::Injured)
                && !figures_compatible(x, y)
            {
                return None;
            }
        }
    }
    let shared = |x: &[String], y: &[String]| x.iter().filter(|k| y.contains(k)).count() as u32;
    let shared_agents = shared(&a.agents, &b.agents);
    let shared_actors = shared_agents + shared(&a.targets, &b.targets);
    score += shared_actors.min(2);
    // One speaker making one kind of statement in the same days is one statement.
    if a.family == EventFamily::Statement && shared_agents > 0 && a.kind == b.kind {
        score += 1;
    }
    if a.explicit_day.is_some() && a.explicit_day == b.explicit_day {
        score += 1;
    }
    // Within one article, "the strikes" later on usually means the strikes
    // reported first: a shared actor or the same specific kind counts more.
    if same_source {
        score += u32::from(shared_actors > 0);
        score += u32::from(a.kind == b.kind && !a.kind.is_generic());
    }
    Some((score.saturating_sub(penalty), needs_slack))
}

/// Death tolls from different sources drift ("eight" then "nine") but one
/// killed is not eight: within two, or a quarter of the larger, or allowed
/// by a qualifier ("more than 60" and 66).
fn figures_compatible(a: (u32, Option<Qualifier>), b: (u32, Option<Qualifier>)) -> bool {
    let within = |x: (u32, Option<Qualifier>), y: u32| match x.1 {
        Some(Qualifier::AtLeast | Qualifier::MoreThan) => y >= x.0,
        Some(Qualifier::AtMost) => y <= x.0,
        _ => false,
    };
    let (big, small) = (a.0.max(b.0), a.0.min(b.0));
    big - small <= 2 || (big - small) * 4 <= big || within(a, b.0) || within(b, a.0)
}

/// Counts of attacks agree only exactly or through a qualifier.
fn counts_compatible(a: (u32, Option<Qualifier>), b: (u32, Option<Qualifier>)) -> bool {
    let within = |x: (u32, Option<Qualifier>), y: u32| match x.1 {
        Some(Qualifier::AtLeast | Qualifier::MoreThan) => y >= x.0,
        Some(Qualifier::AtMost) => y <= x.0,
        Some(_) => x.0.abs_diff(y) * 10 <= x.0,
        None => x.0 == y,
    };
    within(a, b.0) || within(b, a.0)
}

/// Great-circle distance in kilometres.
fn distance_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

// ---- disagreements ----

/// Which field sources disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "field", content = "kind")]
pub enum DisagreementField {
    Figure(FigureKind),
    Date,
    Place,
}

/// One value of a disputed field and who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcedValue {
    /// As the text gives it: "8", "more than 60", "2023-11-21", "Hillah".
    pub value: String,
    /// Indices into the records given to [`merge`].
    pub mentions: Vec<usize>,
    /// The distinct sources of those mentions.
    pub sources: Vec<String>,
}

/// A field whose values differ between an event's mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    pub field: DisagreementField,
    pub values: Vec<SourcedValue>,
}

/// The fields on which an event's mentions give different values. A mention
/// that gives no value does not disagree; dates disagree only when explicit
/// dates cannot be the same day; places only when resolved coordinates are
/// more than 25 km apart (two names may be one place: "Jurf al-Sakhar, south
/// of Baghdad").
pub fn disagreements(event: &Event, records: &[MentionRecord]) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for kind in [
        FigureKind::Killed,
        FigureKind::Injured,
        FigureKind::Arrested,
        FigureKind::Displaced,
        FigureKind::Attacks,
    ] {
        let values = group_values(event, records, |r| {
            r.mention.figure(kind).map(|f| match f.approx {
                Some(q) => format!("{} {}", q.as_str(), f.value),
                None => f.value.to_string(),
            })
        });
        if values.len() > 1 {
            out.push(Disagreement {
                field: DisagreementField::Figure(kind),
                values,
            });
        }
    }
    if let Some(d) = date_disagreement(event, records) {
        out.push(d);
    }
    if let Some(d) = place_disagreement(event, records) {
        out.push(d);
    }
    out
}

/// Distinct values of one field, each with the mentions and sources giving it.
fn group_values(
    event: &Event,
    records: &[MentionRecord],
    value_of: impl Fn(&MentionRecord) -> Option<String>,
) -> Vec<SourcedValue> {
    let mut values: Vec<SourcedValue> = Vec::new();
    for &m in &event.mentions {
        let Some(value) = value_of(&records[m]) else {
            continue;
        };
        let source = &records[m].source;
        let entry = match values.iter().position(|v| v.value == value) {
            Some(i) => &mut values[i],
            None => {
                values.push(SourcedValue {
                    value,
                    mentions: Vec::new(),
                    sources: Vec::new(),
                });
                values.last_mut().expect("just pushed")
            }
        };
        entry.mentions.push(m);
        if !entry.sources.contains(source) {
            entry.sources.push(source.clone());
        }
    }
    values
}

fn date_disagreement(event: &Event, records: &[MentionRecord]) -> Option<Disagreement> {
    let explicit = |r: &MentionRecord| {
        r.mention
            .date
            .as_ref()
            .filter(|d| !d.precision.is_reported())
            .cloned()
    };
    let dates: Vec<EventDate> = event
        .mentions
        .iter()
        .filter_map(|&m| explicit(&records[m]))
        .collect();
    // Intervals meet pairwise exactly when the latest start is not after the
    // earliest end, which is linear in the number of mentions.
    let ranges: Vec<_> = dates.iter().filter_map(date_range).collect();
    let latest_start = ranges.iter().map(|r| r.0).max();
    let earliest_end = ranges.iter().map(|r| r.1).min();
    let all_meet = match (latest_start, earliest_end) {
        (Some(start), Some(end)) => start <= end,
        _ => true,
    };
    if all_meet {
        return None;
    }
    let values = group_values(event, records, |r| explicit(r).map(|d| d.value));
    (values.len() > 1).then_some(Disagreement {
        field: DisagreementField::Date,
        values,
    })
}

fn place_disagreement(event: &Event, records: &[MentionRecord]) -> Option<Disagreement> {
    // Distinct coordinates only: the many mentions of one resolved town
    // share them, so the pairwise check below stays small.
    let mut located: Vec<(f64, f64)> = Vec::new();
    for p in event
        .mentions
        .iter()
        .filter_map(|&m| records[m].place.as_ref())
    {
        if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
            if !located.contains(&(lat, lon)) {
                located.push((lat, lon));
            }
        }
    }
    let far_apart = located
        .iter()
        .any(|&a| located.iter().any(|&b| distance_km(a, b) > SAME_PLACE_KM));
    if !far_apart {
        return None;
    }
    let values = group_values(event, records, |r| r.place.as_ref().map(|p| p.name.clone()));
    (values.len() > 1).then_some(Disagreement {
        field: DisagreementField::Place,
        values,
    })
}
