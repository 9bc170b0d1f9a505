//! Extraction tests per event family on hand-written sentences (not the seed
//! articles), merge and disagreement tests, and the seed gold set end to end.

use chrono::NaiveDate;

use super::gold::{evaluate, AnalysedArticle, Gold};
use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// The publication date of the hand-written sentences: a Wednesday.
fn published() -> Option<NaiveDate> {
    Some(day(2024, 3, 6))
}

/// One line per mention: kind, trigger, date (value/precision), place,
/// actors as `agent:Name` / `target:Name`, figures as `killed=8` (`>60` for
/// "more than 60", `>=66` for "at least 66", `~24` for "about 24").
fn describe(text: &str) -> Vec<String> {
    let (mentions, _) = extract_from_text(text, published());
    mentions.iter().map(|m| describe_mention(text, m)).collect()
}

fn describe_mention(text: &str, m: &EventMention) -> String {
    let s = |span: dossier_core::Span| &text[span.start..span.end];
    let mut parts = vec![m.kind.as_str().to_string(), format!("\"{}\"", s(m.trigger))];
    if let Some(d) = &m.date {
        let precision = serde_json::to_value(d.precision).expect("serialises");
        parts.push(format!("{}/{}", d.value, precision.as_str().unwrap_or("")));
    }
    if let Some(p) = m.place {
        parts.push(format!("@{}", s(p)));
    }
    for a in &m.actors {
        let role = match a.role {
            RoleKind::Agent => "agent",
            RoleKind::Target => "target",
        };
        parts.push(format!("{role}:{}", s(a.span)));
    }
    for f in &m.figures {
        let q = match f.approx {
            Some(Qualifier::MoreThan) => ">",
            Some(Qualifier::AtLeast) => ">=",
            Some(Qualifier::About) => "~",
            Some(Qualifier::Nearly) => "<~",
            Some(Qualifier::AtMost) => "<=",
            None => "",
        };
        parts.push(format!("{}={q}{}", f.kind.as_str(), f.value));
    }
    parts.join(" ")
}

#[track_caller]
fn check(text: &str, expect: &[&str]) {
    let got = describe(text);
    assert_eq!(got, expect, "\n{text}");
}

// ---- extraction, family by family ----

#[test]
fn airstrikes_with_agent_target_place_date_and_toll() {
    check(
        "U.S. strikes south of Baghdad on Tuesday killed eight Kataib Hezbollah members.",
        &["airstrike \"strikes\" 2024-03-05/day @Baghdad agent:U.S. target:Kataib Hezbollah killed=8"],
    );
    check(
        "Israeli warplanes struck a building in Khan Younis on Monday, killing at least 12 people.",
        &["airstrike \"struck\" 2024-03-04/day @Khan Younis agent:Israeli warplanes killed=>=12"],
    );
}

#[test]
fn drone_missile_and_rocket_attacks() {
    check(
        "A drone attack on a base near Raqqa wounded two soldiers on Sunday.",
        &["drone_attack \"drone attack\" 2024-03-03/day @Raqqa injured=2"],
    );
    check(
        "Two rocket attacks hit the Green Zone in Baghdad on Sunday.",
        &["rocket_attack \"rocket attacks\" 2024-03-03/day @Baghdad target:Green Zone attacks=2"],
    );
    check(
        "U.S. troops were attacked by ballistic missiles at Al Asad Airbase last night.",
        &["missile_attack \"attacked\" 2024-03-05TNI/part_of_day @Al Asad Airbase target:U.S."],
    );
}

#[test]
fn clashes_bombings_and_killings() {
    check(
        "Two dozen people were killed in clashes near Tripoli on Monday.",
        &["armed_clash \"clashes\" 2024-03-04/day @Tripoli killed=24"],
    );
    check(
        "Clashes between the army and Al-Shabaab near Mogadishu left 15 dead on Tuesday.",
        &["armed_clash \"Clashes\" 2024-03-05/day @Mogadishu agent:Al-Shabaab killed=15"],
    );
    check(
        "A car bomb exploded in Kabul on Saturday, killing nine people and wounding 30.",
        &["bombing \"exploded\" 2024-03-02/day @Kabul killed=9 injured=30"],
    );
    check(
        "Gunmen killed a journalist in Karachi on Friday.",
        &["killing \"killed\" 2024-03-01/day @Karachi"],
    );
}

#[test]
fn weapons_fired_and_places_struck() {
    check(
        "Russian forces shelled Kharkiv overnight, killing two civilians and wounding 14, the regional governor said.",
        &["shelling \"shelled\" 2024-03-05TNI/part_of_day @Kharkiv agent:Russian forces killed=2 injured=14"],
    );
    check(
        "A suicide bomber blew himself up at a mosque in Peshawar on Friday, killing at least 59 worshippers.",
        &["bombing \"blew\" 2024-03-01/day @Peshawar killed=>=59"],
    );
    check(
        "Ukraine launched dozens of drones at Moscow overnight.",
        &["drone_attack \"launched\" 2024-03-05TNI/part_of_day @Moscow agent:Ukraine"],
    );
    // The killing the rockets answer is an earlier event: Sunday is not its date.
    check(
        "Hezbollah fired rockets at northern Israel on Sunday in retaliation for the killing of a commander.",
        &["rocket_attack \"fired\" 2024-03-03/day @Israel agent:Hezbollah"],
    );
    check(
        "At least 30 people were killed when an Israeli airstrike hit a school in Gaza City on Saturday, the health ministry said.",
        &["airstrike \"airstrike\" 2024-03-02/day @Gaza City agent:Israeli killed=>=30"],
    );
    check(
        "Police in Nairobi fired tear gas at protesters on Tuesday.",
        &[],
    );
    check("The Taliban denied responsibility for the attack.", &[]);
    check(
        "The UN Security Council will meet on Thursday to discuss the crisis.",
        &[],
    );
}

#[test]
fn arrests_and_protests() {
    check(
        "Police arrested 12 people in Tbilisi on Thursday.",
        &["arrest \"arrested\" 2024-02-29/day @Tbilisi arrested=12"],
    );
    check(
        "Thousands of people protested in Belgrade on Saturday.",
        &["protest \"protested\" 2024-03-02/day @Belgrade"],
    );
}

#[test]
fn statements_need_a_speaker() {
    check(
        "The European Union on Monday condemned the bombing.",
        &["condemnation \"condemned\" 2024-03-04/day agent:European Union"],
    );
    // A threat: the attack threatened is not an event.
    check(
        "Hamas threatened to attack Israeli towns.",
        &["threat \"threatened\" 2024-03-06/reported agent:Hamas target:Israeli"],
    );
    // No speaker, no statement; "more attacks" are not attacks.
    check("Officials warned of more attacks.", &[]);
}

#[test]
fn meetings_and_agreements() {
    check(
        "Blinken met Netanyahu in Jerusalem on Friday.",
        // The other party of a meeting is recorded as its target (PLOVER's recipient).
        &["meeting \"met\" 2024-03-01/day @Jerusalem agent:Blinken target:Netanyahu"],
    );
    check(
        "Israel and Hamas agreed to a ceasefire on Wednesday.",
        &["ceasefire \"ceasefire\" 2024-03-06/day agent:Hamas agent:Israel"],
    );
}

#[test]
fn figures_with_qualifiers_and_number_words() {
    // "Militias" is a common noun, not a name: no agent.
    check(
        "Militias have carried out more than 60 attacks on U.S. forces in Iraq and Syria since October.",
        &["attack \"attacks\" 2023-10/month @Iraq target:U.S. attacks=>60"],
    );
    check(
        "Houthi rebels carried out at least 66 attacks on ships in the Red Sea.",
        &["attack \"attacks\" 2024-03-06/reported @Red Sea agent:Houthi attacks=>=66"],
    );
    check(
        "A strike on the compound in Hillah left one member killed and 18 injured.",
        &["airstrike \"strike\" 2024-03-06/reported @Hillah killed=1 injured=18"],
    );
}

#[test]
fn undated_events_take_the_publication_date_as_reported() {
    check(
        "Kataib Hezbollah said the strikes killed eight of its members.",
        &["airstrike \"strikes\" 2024-03-06/reported target:Kataib Hezbollah killed=8"],
    );
    let (mentions, _) = extract_from_text(
        "Kataib Hezbollah said the strikes killed eight of its members.",
        None,
    );
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0].date, None, "no publication date, no date");
}

#[test]
fn a_town_beats_a_broad_area_the_resolver_marks() {
    let text = "Clashes in Anbar killed three people in Ramadi on Monday.";
    let sentences = crate::sentences::split(text);
    let entities = crate::ner::NerModel::builtin().entities(text);
    let timexes = crate::time::tag(text, published());
    let mut places = PlaceRef::from_entities(&entities);
    let place_of = |places: &[PlaceRef]| {
        let input = EventInput {
            text,
            sentences: &sentences,
            entities: &entities,
            timexes: &timexes,
            places,
            published: published(),
        };
        let found = extract(&input);
        found[0].place.map(|p| text[p.start..p.end].to_string())
    };
    assert_eq!(
        place_of(&places).as_deref(),
        Some("Anbar"),
        "the nearer of two"
    );
    for p in places
        .iter_mut()
        .filter(|p| &text[p.span.start..p.span.end] == "Anbar")
    {
        p.broad = Some(true);
    }
    assert_eq!(place_of(&places).as_deref(), Some("Ramadi"));
}

#[test]
fn events_the_text_calls_earlier_get_a_wider_reported_date() {
    check(
        "The U.S. had previously undertaken three separate sets of strikes in Syria.",
        &["airstrike \"strikes\" 2024-03-06/reported_earlier @Syria agent:U.S. attacks=3"],
    );
    let range = date_range(&EventDate {
        value: "2024-03-06".into(),
        precision: DatePrecision::ReportedEarlier,
        span: None,
    });
    assert_eq!(range, Some((day(2023, 12, 7), day(2024, 3, 6))));
}

#[test]
fn hypothetical_negated_and_bare_mentions_are_not_events() {
    check(
        "The group warned it would attack U.S. bases if the strikes continued.",
        &[],
    );
    check("Attacks have become more frequent.", &[]);
    check("The army has no plans to launch a new offensive.", &[]);
}

#[test]
fn passive_voice_puts_the_subject_on_the_receiving_end() {
    check(
        "Kataib Hezbollah was targeted by the United States on November 21.",
        &["attack \"targeted\" 2023-11-21/day target:Kataib Hezbollah agent:United States"],
    );
}

#[test]
fn a_date_after_said_belongs_to_the_statement() {
    check(
        "Condemning the strikes, Baghdad said Wednesday that the operation was not coordinated.",
        &["condemnation \"Condemning\" 2024-03-06/day agent:Baghdad"],
    );
}

#[test]
fn mentions_serialise_to_json_and_back() {
    let text = "U.S. strikes south of Baghdad on Tuesday killed eight Kataib Hezbollah members.";
    let (mentions, _) = extract_from_text(text, published());
    let json = serde_json::to_string(&mentions).expect("serialises");
    assert!(json.contains("\"kind\":\"airstrike\""), "{json}");
    let back: Vec<EventMention> = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, mentions);
}

#[test]
fn odd_input_gives_no_panic_and_valid_spans() {
    let texts = [
        "",
        "   ",
        "Strikes.",
        "killed killed killed 8 8 8",
        "« Des frappes américaines ont tué huit membres » — 8 killed, 18 injured; 60 attacks.",
        "Ataque con drones: 3 heridos. 攻撃で8人が死亡した。 Strikes on Baghdad killed eight.",
        "more than",
        "at least 66 attacks",
    ];
    for text in texts {
        for published in [None, published()] {
            let (mentions, _) = extract_from_text(text, published);
            for m in &mentions {
                for span in [m.trigger, m.sentence] {
                    assert!(
                        text.get(span.start..span.end).is_some(),
                        "{text:?}: {span:?}"
                    );
                }
                assert!(m.sentence.contains(m.trigger), "{text:?}");
            }
        }
    }
    // Spans that do not fit the text are skipped, not a panic.
    let bad = [dossier_core::Span::new(0, 500)];
    let input = EventInput {
        text: "US strikes killed eight.",
        sentences: &bad,
        entities: &[],
        timexes: &[],
        places: &[],
        published: None,
    };
    assert!(extract(&input).is_empty());
}

// ---- merging ----

/// Records for articles given as (source, text, publication date).
fn records(articles: &[(&str, &str, NaiveDate)]) -> Vec<MentionRecord> {
    let mut out = Vec::new();
    for &(source, text, published) in articles {
        let (mentions, places) = extract_from_text(text, Some(published));
        for m in mentions {
            out.push(MentionRecord::new(source, text, m, &places));
        }
    }
    out
}

fn sources(event: &Event, records: &[MentionRecord]) -> Vec<String> {
    let mut s: Vec<String> = event
        .mentions
        .iter()
        .map(|&m| records[m].source.clone())
        .collect();
    s.sort();
    s.dedup();
    s
}

#[test]
fn two_reports_of_one_strike_make_one_event_without_disagreement() {
    let recs = records(&[
        ("a", "Overnight US airstrikes south of Baghdad killed eight members of Kataib Hezbollah.", day(2023, 11, 22)),
        ("b", "U.S. strikes near Baghdad killed eight Kataib Hezbollah fighters overnight, officials said.", day(2023, 11, 22)),
    ]);
    assert_eq!(recs.len(), 2, "{recs:?}");
    let events = merge(&recs);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(sources(&events[0], &recs), ["a", "b"]);
    assert_eq!(events[0].kind, EventKind::Airstrike);
    assert!(disagreements(&events[0], &recs).is_empty());
}

#[test]
fn a_conflicting_toll_is_shown_with_its_sources() {
    let recs = records(&[
        (
            "a",
            "Overnight US airstrikes south of Baghdad killed eight members of Kataib Hezbollah.",
            day(2023, 11, 22),
        ),
        (
            "b",
            "U.S. strikes south of Baghdad killed nine Kataib Hezbollah fighters overnight.",
            day(2023, 11, 22),
        ),
    ]);
    let events = merge(&recs);
    assert_eq!(events.len(), 1, "{events:?}");
    let found = disagreements(&events[0], &recs);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].field,
        DisagreementField::Figure(FigureKind::Killed)
    );
    let values: Vec<(String, Vec<String>)> = found[0]
        .values
        .iter()
        .map(|v| (v.value.clone(), v.sources.clone()))
        .collect();
    assert_eq!(
        values,
        [
            ("8".to_string(), vec!["a".to_string()]),
            ("9".to_string(), vec!["b".to_string()])
        ]
    );
}

#[test]
fn different_places_actors_or_kinds_stay_apart() {
    let recs = records(&[
        (
            "a",
            "A drone attack on Erbil airport wounded three American soldiers on Monday.",
            day(2023, 12, 26),
        ),
        (
            "b",
            "American warplanes struck Kataib Hezbollah in Hillah on Monday.",
            day(2023, 12, 26),
        ),
        (
            "c",
            "Kataib Hezbollah attacked U.S. forces in Hillah on Monday.",
            day(2023, 12, 26),
        ),
    ]);
    assert_eq!(recs.len(), 3, "{recs:?}");
    let events = merge(&recs);
    assert_eq!(events.len(), 3, "{events:?}");
}

#[test]
fn that_strike_joins_the_strike_named_before_in_its_article() {
    let text = "A U.S. gunship struck a convoy near Abu Ghraib on Tuesday. \
                Kataib Hezbollah said one of its members was killed in that strike.";
    let recs = records(&[("a", text, day(2023, 11, 22))]);
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert!(recs[1].mention.anaphoric && !recs[0].mention.anaphoric);
    assert_eq!(merge(&recs).len(), 1);
    // "said that strikes hit": a conjunction, not a pointer back.
    let (mentions, _) = extract_from_text(
        "CENTCOM said that strikes hit Kataib Hezbollah in Hillah.",
        published(),
    );
    assert!(!mentions[0].anaphoric, "{mentions:?}");
}

#[test]
fn one_death_is_not_eight() {
    let recs = records(&[
        (
            "a",
            "US airstrikes south of Baghdad on Tuesday killed eight members of Kataib Hezbollah.",
            day(2023, 11, 22),
        ),
        (
            "b",
            "US airstrikes on Tuesday killed one member of Kataib Hezbollah.",
            day(2023, 11, 22),
        ),
    ]);
    assert_eq!(merge(&recs).len(), 2);
}

#[test]
fn dates_a_day_apart_merge_on_strong_evidence_and_show_the_disagreement() {
    let recs = records(&[
        ("a", "US airstrikes south of Baghdad on Monday killed eight members of Kataib Hezbollah.", day(2023, 11, 22)),
        ("b", "US airstrikes south of Baghdad on Tuesday killed eight members of Kataib Hezbollah.", day(2023, 11, 22)),
        ("c", "US airstrikes south of Baghdad on November 2 killed eight members of Kataib Hezbollah.", day(2023, 11, 22)),
    ]);
    let events = merge(&recs);
    assert_eq!(events.len(), 2, "{events:?}");
    let both = events
        .iter()
        .find(|e| e.mentions.len() == 2)
        .expect("a and b merged");
    let found = disagreements(both, &recs);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].field, DisagreementField::Date);
}

#[test]
fn coordinates_decide_when_names_differ() {
    let text = "US airstrikes on Tuesday hit Kataib Hezbollah in Jurf al-Sakhar.";
    let other = "US airstrikes on Tuesday hit Kataib Hezbollah in Al-Qaim.";
    let mut recs = records(&[
        ("a", text, day(2023, 11, 22)),
        ("b", other, day(2023, 11, 22)),
    ]);
    let place = |lat, lon| {
        Some(PlaceValue {
            name: "x".into(),
            lat: Some(lat),
            lon: Some(lon),
            broad: Some(false),
        })
    };
    recs[0].place = place(32.87, 44.22);
    recs[1].place = place(34.37, 41.09); // about 340 km away
    assert_eq!(merge(&recs).len(), 2);
    recs[1].place = place(32.90, 44.25); // a few km away
    assert_eq!(merge(&recs).len(), 1);
}

#[test]
fn places_tens_of_kilometres_apart_are_a_disagreement() {
    let text = "US airstrikes on Tuesday hit Kataib Hezbollah in Jurf al-Sakhar.";
    let other = "US airstrikes on Tuesday hit Kataib Hezbollah in Musayyib.";
    let mut recs = records(&[
        ("a", text, day(2023, 11, 22)),
        ("b", other, day(2023, 11, 22)),
    ]);
    let place = |name: &str, lat, lon| {
        Some(PlaceValue {
            name: name.into(),
            lat: Some(lat),
            lon: Some(lon),
            broad: Some(false),
        })
    };
    recs[0].place = place("Jurf al-Sakhar", 32.87, 44.22);
    recs[1].place = place("Musayyib", 32.78, 44.29 + 0.3); // about 30 km away
    let events = merge(&recs);
    assert_eq!(events.len(), 1, "{events:?}");
    let found = disagreements(&events[0], &recs);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].field, DisagreementField::Place);
    assert_eq!(found[0].values.len(), 2);
}

#[test]
fn actor_keys_unify_spellings_and_demonyms() {
    assert_eq!(actor_key("U.S."), "us");
    assert_eq!(actor_key("United States"), "us");
    assert_eq!(actor_key("American"), "us");
    assert_eq!(actor_key("Iran-linked"), "iran-backed");
    assert_eq!(actor_key("Iranian-backed"), "iran-backed");
    assert_ne!(actor_key("Iran"), actor_key("Iran-aligned"));
}

#[test]
fn timex_values_that_can_date_an_event() {
    use super::date::precision_of;
    assert_eq!(precision_of("2023"), Some(DatePrecision::Year));
    assert_eq!(precision_of("2023-11"), Some(DatePrecision::Month));
    assert_eq!(precision_of("2023-W47"), Some(DatePrecision::Week));
    assert_eq!(precision_of("2023-11-21"), Some(DatePrecision::Day));
    assert_eq!(
        precision_of("2023-11-21TNI"),
        Some(DatePrecision::PartOfDay)
    );
    assert_eq!(precision_of("2023-11-21T14:30"), Some(DatePrecision::Time));
    for vague in [
        "PAST_REF",
        "PRESENT_REF",
        "XXXX-XX-XX",
        "199",
        "P3W",
        "2023-13",
        "2023-02-30",
    ] {
        assert_eq!(precision_of(vague), None, "{vague}");
    }
}

#[test]
fn event_dates_cover_their_precision() {
    let range = |value: &str, precision| {
        date_range(&EventDate {
            value: value.into(),
            precision,
            span: None,
        })
    };
    assert_eq!(
        range("2023-11", DatePrecision::Month),
        Some((day(2023, 11, 1), day(2023, 11, 30)))
    );
    assert_eq!(
        range("2023-11-21TNI", DatePrecision::PartOfDay),
        Some((day(2023, 11, 21), day(2023, 11, 22)))
    );
    assert_eq!(
        range("2023-W47", DatePrecision::Week),
        Some((day(2023, 11, 20), day(2023, 11, 26)))
    );
    assert_eq!(
        range("2023-11-22", DatePrecision::Reported),
        Some((day(2023, 11, 19), day(2023, 11, 22)))
    );
}

// ---- the seed articles against the gold set ----

fn seed_report() -> (Gold, super::gold::Report) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let gold_path = root.join("../../tests/gold/events-seed.json");
    let gold: Gold = serde_json::from_str(
        &std::fs::read_to_string(&gold_path).expect("the gold set tests/gold/events-seed.json"),
    )
    .expect("a valid gold set");
    let samples = root.join("../../../shared/samples/articles");
    let articles: Vec<AnalysedArticle> = gold
        .articles
        .iter()
        .map(|a| {
            let path = samples.join(&a.file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("the seed article {} is missing: {e}", path.display()));
            AnalysedArticle::new(&a.id, &text, a.published)
        })
        .collect();
    let report = evaluate(&gold, &articles);
    (gold, report)
}

/// The record aligned to the gold mention of `event` whose snippet is `snippet`.
fn aligned(gold: &Gold, report: &super::gold::Report, event: &str, snippet: &str) -> usize {
    let e = gold
        .events
        .iter()
        .position(|g| g.id == event)
        .expect("a gold event");
    let m = gold.events[e]
        .mentions
        .iter()
        .position(|m| m.sentence.contains(snippet))
        .expect("a gold mention");
    report.alignment[e][m].unwrap_or_else(|| panic!("{event}: {snippet:?} not extracted"))
}

#[test]
fn seed_articles_baghdad_strikes_are_one_event_from_two_sources() {
    let (gold, report) = seed_report();
    let a = aligned(
        &gold,
        &report,
        "baghdad-strikes",
        "Iraq says overnight US airstrikes",
    );
    let b = aligned(
        &gold,
        &report,
        "baghdad-strikes",
        "condemned overnight U.S. airstrikes",
    );
    let event = report.event_of(a).expect("merged");
    assert!(event.mentions.contains(&b), "000 and 001 report one event");
    assert_eq!(sources(event, &report.records), ["000", "001"]);
    assert_eq!(event.kind, EventKind::Airstrike);
    assert_eq!(
        event.date.as_ref().map(|d| d.value.as_str()),
        Some("2023-11-21TNI")
    );
    let killed = &report.records[a]
        .mention
        .figure(FigureKind::Killed)
        .expect("a toll");
    assert_eq!(killed.value, 8);
    let disputes = report.disagreements_of(a);
    assert!(
        !disputes
            .iter()
            .any(|d| d.field == DisagreementField::Figure(FigureKind::Killed)),
        "both say eight: {disputes:?}"
    );
}

#[test]
fn seed_articles_hillah_strike_and_erbil_attack_are_different_events() {
    let (gold, report) = seed_report();
    let hillah = aligned(
        &gold,
        &report,
        "hillah-strike",
        "has condemned the American airstrike",
    );
    let erbil = aligned(
        &gold,
        &report,
        "erbil-drone-attack",
        "explosive drone attack against the Erbil Airport",
    );
    assert_ne!(report.event_of(hillah), report.event_of(erbil));
    let place = |r: usize| report.records[r].place.as_ref().map(|p| p.name.clone());
    assert_eq!(place(hillah).as_deref(), Some("Hillah"));
    assert_eq!(place(erbil).as_deref(), Some("Erbil Airport"));
    // Neither joins the November strikes.
    let baghdad = aligned(
        &gold,
        &report,
        "baghdad-strikes",
        "Iraq says overnight US airstrikes",
    );
    assert_ne!(report.event_of(hillah), report.event_of(baghdad));
}

/// Floors below the figures measured when the gold set was written (see
/// docs/events.md); the rules were developed on these same three articles,
/// so these are guards against regressions, not estimates of quality.
#[test]
fn seed_articles_meet_the_gold_set() {
    let (_, report) = seed_report();
    let summary = format!(
        "missed {:?}\nspurious {:?}\npairs {:?}",
        report.missed, report.spurious, report.pairs
    );
    assert!(report.mention_recall() >= 0.9, "{summary}");
    assert!(report.mention_precision() >= 0.9, "{summary}");
    assert!(report.kind_accuracy() >= 0.9, "{summary}");
    for (name, score) in [
        ("date", report.date),
        ("place", report.place),
        ("actor", report.actor),
        ("figure", report.figure),
    ] {
        assert!(
            score.precision() >= 0.8 && score.recall() >= 0.8,
            "{name}: {score:?}\n{summary}"
        );
    }
    assert!(
        report.pairs.precision() >= 0.9 && report.pairs.recall() >= 0.8,
        "{summary}"
    );
}

#[test]
fn actors_are_named_in_full() {
    // An adjective grows over the group it describes; a describing phrase
    // gives way to the name it introduces.
    check(
        "The base was hit on Monday by attacks by Iran-linked militias.",
        &["attack \"attacks\" 2024-03-04/day agent:Iran-linked militias"],
    );
    check(
        "Israel was hit on Monday by attacks by Palestinian militant group Hamas.",
        &["attack \"attacks\" 2024-03-04/day agent:Hamas"],
    );
    // A headline capitalises every word: "Condemns" is not part of a name.
    let got = describe("Iraq Condemns US Airstrikes That Killed Iran-Linked Militants");
    assert!(got.iter().all(|m| !m.contains("Condemns US")), "{got:?}");
}

#[test]
fn an_actors_fuller_name_is_the_same_actor() {
    assert_eq!(actor_key("Iraqi government"), actor_key("Iraq"));
    assert_eq!(
        actor_key("Iran-linked militias"),
        actor_key("Iranian-backed")
    );
    assert_eq!(actor_key("American servicemen"), actor_key("U.S."));
    assert_ne!(actor_key("Iran-linked militias"), actor_key("Iran"));
}

#[test]
fn a_shared_country_alone_does_not_make_one_event() {
    // Both happen "in Iraq" by the same article's account, and nothing else
    // ties them: the killing and the attacks are two events, even when the
    // store gives both the country's coordinates.
    let text = "The group used to be part of the Iraqi Popular Mobilization Forces \
                (PMF), but left following the killing of Soleimani to form the \
                Islamic Resistance in Iraq. The drone attack comes amid weeks of \
                continued attacks by the Islamic Resistance in Iraq.";
    let mut recs = records(&[("a", text, day(2023, 12, 26))]);
    assert_eq!(recs.len(), 2, "{recs:?}");
    for r in &mut recs {
        let place = r.place.as_mut().expect("placed in Iraq");
        (place.lat, place.lon) = (Some(33.0), Some(44.0));
    }
    assert_eq!(merge(&recs).len(), 2);
}

#[test]
fn an_events_date_does_not_depend_on_the_order_of_its_reports() {
    // Two reports dated only by their publication days: the event took place
    // by the earlier one, whichever report the store lists first.
    let mut recs = records(&[
        (
            "a",
            "Iran condemned the US airstrikes on Kataib Hezbollah in Jurf al-Sakhar.",
            day(2023, 11, 24),
        ),
        (
            "b",
            "Iran condemned the U.S. airstrikes on Kataib Hezbollah in Jurf al-Sakhar.",
            day(2023, 11, 22),
        ),
    ]);
    let dates = |recs: &[MentionRecord]| -> Vec<String> {
        merge(recs)
            .iter()
            .filter(|e| e.kind == EventKind::Condemnation)
            .map(|e| e.date.as_ref().expect("dated").value.clone())
            .collect()
    };
    assert_eq!(dates(&recs), ["2023-11-22"]);
    recs.reverse();
    assert_eq!(dates(&recs), ["2023-11-22"]);
}

#[test]
fn a_title_between_an_organisation_and_a_name_gives_the_person() {
    check(
        "A US drone on Monday killed IRGC General Qassam Soleimani in Baghdad.",
        &["drone_attack \"killed\" 2024-03-04/day @Baghdad agent:US target:Qassam Soleimani"],
    );
}
