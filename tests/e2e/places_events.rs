//! Places and events over real articles in a real library file: the seed
//! articles' places land where they are, one strike told by two outlets is
//! one event with two sources, a conflicting figure is shown as a
//! disagreement, and a corrected place sticks for future imports.

use std::sync::atomic::AtomicBool;

use dossier_api::types::{EventRow, GeoQuery, PlaceCorrection, PlaceRow, TimelineQuery};
use dossier_api::{plan_import, Library};
use dossier_e2e::{fixtures_dir, new_library, samples_dir};

fn import(library: &Library, paths: &[std::path::PathBuf]) {
    let report = library
        .import(&plan_import(paths), &|_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.failed, 0, "{:#?}", report.files);
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn place<'a>(places: &'a [PlaceRow], name: &str) -> &'a PlaceRow {
    places
        .iter()
        .find(|p| p.name.contains(name))
        .unwrap_or_else(|| {
            panic!(
                "no place like {name}: {:?}",
                places.iter().map(|p| &p.name).collect::<Vec<_>>()
            )
        })
}

fn events(library: &Library) -> Vec<EventRow> {
    library.timeline(&TimelineQuery::default()).unwrap().events
}

#[test]
fn the_seed_articles_places_are_where_they_are() {
    let (_dir, library) = new_library();
    import(&library, &[samples_dir()]);
    let places = library.places(&GeoQuery::default()).unwrap();
    // Within a few km of the truth (coordinates from public references).
    for (name, truth) in [
        ("Baghdad", (33.315, 44.366)),
        ("Hillah", (32.484, 44.433)),
        ("Erbil", (36.191, 44.009)),
        ("Kirkuk", (35.468, 44.392)),
        ("Mosul", (36.340, 43.130)),
        ("Zumar", (36.630, 42.550)),
        ("Jurf al-Sakhar", (32.870, 44.170)),
        ("Ain al-Asad", (33.800, 42.440)),
        ("Gaza", (31.500, 34.467)),
    ] {
        let p = place(&places, name);
        let d = km((p.lat, p.lon), truth);
        assert!(d < 15.0, "{name} is {d:.0} km off at {}, {}", p.lat, p.lon);
    }
    // GeoNames spells it "Mexmur"; the map shows the name the articles use.
    let makhmour = place(&places, "Makhmour");
    assert!(km((makhmour.lat, makhmour.lon), (35.776, 43.580)) < 15.0);
    // Counts and the time filter.
    assert_eq!(place(&places, "Baghdad").article_count, 3);
    let none = library
        .places(&GeoQuery {
            from: Some("2024-01-01".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn one_strike_reported_by_two_outlets_is_one_event_with_two_sources() {
    let (_dir, library) = new_library();
    import(&library, &[samples_dir()]);
    let all = events(&library);
    let baghdad: Vec<&EventRow> = all
        .iter()
        .filter(|e| e.kind == "airstrike" && e.place_name.as_deref() == Some("Jurf al-Sakhar"))
        .collect();
    assert_eq!(baghdad.len(), 1, "{all:#?}");
    let strike = baghdad[0];
    assert_eq!(strike.source_count, 2);
    assert_eq!(strike.killed, Some(8));
    assert_eq!(strike.date.as_deref(), Some("2023-11-21TNI"));
    let detail = library.event(strike.id).unwrap();
    let titles: Vec<&str> = detail.sources.iter().map(|s| s.title.as_str()).collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Iraq Condemns US Airstrikes")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t.contains("U.S.")), "{titles:?}");
    // One outlet writes "US", the other "U.S.": one actor, listed once.
    assert_eq!(strike.actors, ["US", "Kataib Hezbollah"]);
    assert_eq!(
        strike.summary,
        "Airstrike by US on Kataib Hezbollah in Jurf al-Sakhar"
    );
    // A killing is *of* its target, not *on* it (Soleimani's, in 2020).
    let killings: Vec<&str> = all
        .iter()
        .filter(|e| e.kind == "killing")
        .map(|e| e.summary.as_str())
        .collect();
    assert!(
        !killings.is_empty() && killings.iter().all(|s| s.starts_with("Killing of ")),
        "{killings:?}"
    );
    // Titles name actors in full and demonyms as their country: "Iran-linked
    // militias" (the text's "Iran-linked"), "the American airstrike" by US,
    // "IRGC General Qassam Soleimani" the person.
    let summaries: Vec<&str> = all.iter().map(|e| e.summary.as_str()).collect();
    for want in [
        "Attack by Iran-linked militias",
        "Airstrike by US on Kataib Hezbollah in Al Hillah",
        "Killing of Qassam Soleimani in Baghdad",
        "Attack by Hamas in Israel",
    ] {
        assert!(summaries.contains(&want), "{want:?} not in {summaries:#?}");
    }
    let us = library.resolve_entity("United States").unwrap();
    let agents: Vec<_> = detail.actors.iter().filter(|a| a.role == "agent").collect();
    assert_eq!(agents.len(), 1, "{agents:?}");
    assert_eq!(agents[0].entity_id, Some(us.id));
    assert!(
        detail.disagreements.iter().all(|d| d.field != "killed"),
        "both say eight: {:?}",
        detail.disagreements
    );
    // Provenance: each source's trigger lies in its sentence, in its article.
    for s in &detail.sources {
        let article = library.article(s.article_id).unwrap();
        let trigger = &article.text[s.trigger.start..s.trigger.end];
        assert!(
            !trigger.is_empty() && s.sentence.contains(trigger),
            "{trigger} in {}",
            s.sentence
        );
        assert_eq!(
            &article.text[s.sentence_start..s.sentence_start + s.sentence.len()],
            s.sentence
        );
    }

    // Hillah's strike and the Erbil drone attack are other events.
    let hillah = all
        .iter()
        .find(|e| e.place_name.as_deref() == Some("Al Hillah"))
        .expect("Hillah event");
    let erbil = all
        .iter()
        .find(|e| e.place_name.as_deref() == Some("Erbil"))
        .expect("Erbil event");
    assert_ne!(hillah.id, erbil.id);
    assert_ne!(hillah.id, strike.id);
    assert_eq!(erbil.kind, "drone_attack");

    // The timeline filters by entity and by date.
    let kh = library.resolve_entity("Kataib Hezbollah").unwrap();
    let with_kh = library
        .timeline(&TimelineQuery {
            geo: GeoQuery {
                entity_id: Some(kh.id),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert!(with_kh.events.iter().any(|e| e.id == strike.id));
    assert!(with_kh.events.len() < all.len());
    let in_2020 = library
        .timeline(&TimelineQuery {
            geo: GeoQuery {
                from: Some("2020".into()),
                to: Some("2020".into()),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert!(in_2020.events.iter().all(|e| e
        .first_day
        .as_deref()
        .unwrap_or("")
        .starts_with("2020")));
}

#[test]
fn sources_that_disagree_on_a_figure_are_shown_side_by_side() {
    let (_dir, library) = new_library();
    import(&library, &[fixtures_dir().join("events")]);
    let all = events(&library);
    let strike = all
        .iter()
        .find(|e| e.source_count == 2)
        .unwrap_or_else(|| panic!("the two reports are one event: {all:#?}"));
    let detail = library.event(strike.id).unwrap();
    let killed = detail
        .disagreements
        .iter()
        .find(|d| d.field == "killed")
        .unwrap_or_else(|| panic!("{:?}", detail.disagreements));
    let mut values: Vec<&str> = killed.values.iter().map(|v| v.value.as_str()).collect();
    values.sort();
    assert_eq!(values, ["7", "9"]);
    assert!(killed.values.iter().all(|v| v.article_ids.len() == 1));
}

#[test]
fn a_corrected_place_sticks_for_past_and_future_articles() {
    let (dir, library) = new_library();
    import(&library, &[samples_dir()]);
    let erbil = place(&library.places(&GeoQuery::default()).unwrap(), "Erbil").clone();
    let candidates = library.place_candidates(erbil.id).unwrap();
    assert!(candidates.iter().any(|c| c.country == "IQ"));
    // The user drops a pin on the airport, west of the city.
    let pin = library
        .correct_place(&PlaceCorrection::Pin {
            name: "Erbil Airport".into(),
            lat: 36.2376,
            lon: 43.9632,
            label: "Erbil International Airport".into(),
        })
        .unwrap();
    let places = library.places(&GeoQuery::default()).unwrap();
    assert!(places
        .iter()
        .all(|p| p.id != erbil.id || p.mention_count == 0));
    assert_eq!(place(&places, "Erbil International Airport").id, pin);

    let later = dir.path().join("later.txt");
    std::fs::write(
        &later,
        "Drone attack\n\nA drone hit the Erbil Airport on Monday, officials said.\n",
    )
    .unwrap();
    import(&library, &[later]);
    library
        .reanalyse(true, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    let places = library.places(&GeoQuery::default()).unwrap();
    let airport = place(&places, "Erbil International Airport");
    assert_eq!(airport.id, pin);
    assert!(airport.article_count >= 2, "{airport:?}");
    assert!(library.store().check().unwrap().is_empty());
}

#[test]
fn event_merges_splits_edits_and_additions_survive_reanalysis() {
    use dossier_api::types::EventCuration;
    let (_dir, library) = new_library();
    import(&library, &[samples_dir()]);
    let reanalyse = || {
        library
            .reanalyse(true, &|_| {}, &AtomicBool::new(false))
            .unwrap()
    };
    let find = |pred: &dyn Fn(&EventRow) -> bool| events(&library).into_iter().find(|e| pred(e));
    let baghdad =
        |e: &EventRow| e.kind == "airstrike" && e.place_name.as_deref() == Some("Jurf al-Sakhar");
    let hillah = |e: &EventRow| e.place_name.as_deref() == Some("Al Hillah");
    let erbil = |e: &EventRow| e.place_name.as_deref() == Some("Erbil");

    // Merge the Hillah strike and the Erbil drone attack (the user knows better).
    let (h, e) = (find(&hillah).unwrap(), find(&erbil).unwrap());
    let merged = library
        .curate_event(&EventCuration::Merge {
            events: vec![h.id, e.id],
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        merged.event.mention_count,
        h.mention_count + e.mention_count
    );
    reanalyse();
    let after = events(&library);
    assert!(
        after
            .iter()
            .any(|x| x.mention_count == h.mention_count + e.mention_count
                && (x.place_name.as_deref() == Some("Al Hillah")
                    || x.place_name.as_deref() == Some("Erbil"))),
        "still merged after re-analysis: {after:#?}"
    );

    // Split one source out of the Baghdad strikes.
    let strike = find(&baghdad).unwrap();
    assert_eq!(strike.source_count, 2);
    let detail = library.event(strike.id).unwrap();
    let first_article = detail.sources[0].article_id;
    let keys: Vec<String> = detail
        .sources
        .iter()
        .filter(|s| s.article_id == first_article)
        .map(|s| s.mention_key.clone())
        .collect();
    library
        .curate_event(&EventCuration::Split {
            event: strike.id,
            mentions: keys,
        })
        .unwrap();
    reanalyse();
    assert!(events(&library)
        .iter()
        .filter(|e| baghdad(e))
        .all(|e| e.source_count == 1));

    // Edit the figure of one of them; the edit survives re-analysis.
    let one = find(&baghdad).unwrap();
    library
        .curate_event(&EventCuration::Edit {
            event: one.id,
            field: "killed".into(),
            value: Some("9".into()),
        })
        .unwrap();
    reanalyse();
    let edited = events(&library)
        .into_iter()
        .find(|e| e.user_fields.contains(&"killed".to_string()))
        .expect("the edited event");
    assert_eq!(edited.killed, Some(9));
    library
        .curate_event(&EventCuration::Edit {
            event: edited.id,
            field: "actors".into(),
            value: Some("US Air Force; Kataib Hezbollah".into()),
        })
        .unwrap();
    let with_actors = events(&library)
        .into_iter()
        .find(|e| e.user_fields.contains(&"actors".to_string()))
        .expect("actors edited");
    assert_eq!(with_actors.actors, ["US Air Force", "Kataib Hezbollah"]);
    assert_eq!(with_actors.killed, Some(9), "earlier edits stay");

    // Add an event by hand, citing an article.
    let added = library
        .curate_event(&EventCuration::Add {
            kind: "protest".into(),
            date: "2023-11-23".into(),
            place: Some("Baghdad".into()),
            summary: "Protest outside the US embassy".into(),
            killed: None,
            injured: None,
            article_ids: vec![first_article],
        })
        .unwrap()
        .unwrap();
    assert!(added.event.manual);
    assert_eq!(added.sources.len(), 1);
    reanalyse();
    assert!(events(&library)
        .iter()
        .any(|e| e.manual && e.summary == "Protest outside the US embassy"));

    // Bad input is refused with a reason.
    let err = library
        .curate_event(&EventCuration::Edit {
            event: edited.id,
            field: "killed".into(),
            value: Some("many".into()),
        })
        .unwrap_err();
    assert!(err.to_string().contains("many"), "{err}");
}

#[test]
fn a_place_the_resolver_is_unsure_of_is_held_until_the_user_says_where() {
    let (dir, library) = new_library();
    let story = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        import(&library, &[path]);
    };
    // Two state capitals of about the same size and nothing else named: a
    // guess, not a place to draw.
    story(
        "council.txt",
        "Library vote\n\nThe council in Springfield voted on Monday to close the library.\n",
    );
    let named = |library: &Library| -> Vec<String> {
        let places = library.places(&GeoQuery::default()).unwrap();
        places.into_iter().map(|p| p.name).collect()
    };
    assert!(!named(&library).iter().any(|n| n == "Springfield"));
    let doubts = library.place_doubts(10).unwrap();
    assert_eq!(doubts.len(), 1, "{doubts:#?}");
    let doubt = &doubts[0];
    assert_eq!(
        (doubt.name.as_str(), doubt.mention_count),
        ("Springfield", 1)
    );
    assert_eq!(doubt.candidates[0].entry, doubt.guess);
    assert!(doubt
        .example
        .sentence
        .contains("council in Springfield voted"));
    let illinois = doubt
        .candidates
        .iter()
        .find(|c| c.country == "US" && km((c.lat, c.lon), (39.80, -89.64)) < 10.0)
        .expect("Springfield, Illinois among the candidates")
        .entry;

    // The user's answer puts the held mention on the map, and the next
    // article's bare "Springfield" goes there directly, through re-analysis too.
    let id = library
        .correct_place(&PlaceCorrection::Entry {
            name: "Springfield".into(),
            entry: illinois,
        })
        .unwrap();
    assert!(library.place_doubts(10).unwrap().is_empty());
    story(
        "budget.txt",
        "Budget\n\nSpringfield will borrow to repair its roads, the council said.\n",
    );
    library
        .reanalyse(true, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    let places = library.places(&GeoQuery::default()).unwrap();
    let springfield = places.iter().find(|p| p.id == id).expect("on the map");
    assert_eq!(springfield.article_count, 2, "{springfield:?}");
    assert!(library.place_doubts(10).unwrap().is_empty());
    assert!(library.store().check().unwrap().is_empty());
}

#[test]
fn a_name_the_user_says_is_not_a_place_leaves_the_map_and_stays_off() {
    let (dir, library) = new_library();
    import(&library, &[samples_dir()]);
    let drawn = |library: &Library, name: &str| {
        let places = library.places(&GeoQuery::default()).unwrap();
        places.iter().any(|p| p.name == name && p.mention_count > 0)
    };
    // A confident place the user knows is wrong here, and an unsure one.
    assert!(drawn(&library, "Kirkuk"));
    let local = fixtures_dir().join("local/springfield-council.txt");
    import(&library, &[local]);
    assert_eq!(library.place_doubts(10).unwrap().len(), 1);

    assert!(library.dismiss_place_name("Kirkuk").unwrap() >= 1);
    assert_eq!(library.dismiss_place_name("Springfield").unwrap(), 1);
    assert!(!drawn(&library, "Kirkuk"));
    assert!(library.place_doubts(10).unwrap().is_empty());
    assert!(library.store().check().unwrap().is_empty());

    // It stays off through re-analysis and new articles.
    let later = dir.path().join("later.txt");
    std::fs::write(
        &later,
        "Oil exports\n\nExports from Kirkuk resumed on Monday, officials said.\n",
    )
    .unwrap();
    import(&library, &[later]);
    library
        .reanalyse(true, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(!drawn(&library, "Kirkuk"));
    assert!(library.place_doubts(10).unwrap().is_empty());
    assert!(library.store().check().unwrap().is_empty());

    // Placing the name again takes the dismissal back.
    let kirkuk = library
        .correct_place(&PlaceCorrection::Pin {
            name: "Kirkuk".into(),
            lat: 35.47,
            lon: 44.39,
            label: "Kirkuk".into(),
        })
        .unwrap();
    library
        .reanalyse(true, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    let places = library.places(&GeoQuery::default()).unwrap();
    let back = places.iter().find(|p| p.id == kirkuk).expect("Kirkuk back");
    assert!(back.article_count >= 2, "{back:?}");
    assert!(library.store().check().unwrap().is_empty());
}
