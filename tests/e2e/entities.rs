//! The entity database over real articles in a real library file: the seed
//! articles' people, organisations and places; linking across articles;
//! curation that survives re-import and re-analysis; undo; and the
//! temporal expressions re-resolved when the user corrects a date.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use dossier_api::types::{
    ArticleCorrection, ArticleFilter, Curation, EntityQuery, EntityRow, ListRequest,
};
use dossier_api::{plan_import, Library};
use dossier_e2e::{new_library, sample, samples_dir};

fn import(library: &Library, paths: &[&Path]) {
    let paths: Vec<_> = paths.iter().map(|p| p.to_path_buf()).collect();
    let report = library
        .import(&plan_import(&paths), &|_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.failed, 0, "{:#?}", report.files);
}

fn entity(library: &Library, name: &str) -> EntityRow {
    library
        .resolve_entity(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_seed_articles_people_organisations_and_places_come_out_right() {
    let (_dir, library) = new_library();
    import(&library, &[&samples_dir()]);
    let expected = [
        ("Mohammed Shia Al-Sudani", "PER"),
        ("Qassem Soleimani", "PER"),
        ("Kataib Hezbollah", "ORG"),
        ("Popular Mobilisation Forces", "ORG"),
        ("PMF", "ORG"),
        ("CENTCOM", "ORG"),
        ("United States Central Command", "ORG"),
        ("IRGC", "ORG"),
        ("Hamas", "ORG"),
        ("Islamic State", "ORG"),
        ("Baghdad", "LOC"),
        ("Jurf al-Sakhar", "LOC"),
        ("Hillah", "LOC"),
        ("Erbil Airport", "LOC"),
        ("Kirkuk", "LOC"),
        ("Ain al-Asad", "LOC"),
        ("Mosul", "LOC"),
        ("Makhmour", "LOC"),
        ("Zumar", "LOC"),
        ("Nineveh", "LOC"),
        ("Gaza", "LOC"),
        ("Syria", "LOC"),
        ("Iraq", "LOC"),
    ];
    let mut wrong = Vec::new();
    for (name, kind) in expected {
        // The article spells him "Qassam"; the entity is found by surname.
        let lookup = if name == "Qassem Soleimani" {
            "Soleimani"
        } else {
            name
        };
        match library.resolve_entity(lookup) {
            Ok(e) if e.kind == kind => {}
            Ok(e) => wrong.push(format!("{name}: {} {}", e.kind, e.name)),
            Err(err) => wrong.push(format!("{name}: {err}")),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");

    // One entity per real thing, whatever the spelling.
    assert_eq!(
        entity(&library, "PMF").id,
        entity(&library, "Popular Mobilisation Forces").id
    );
    assert_eq!(
        entity(&library, "PMF").id,
        entity(&library, "Iraqi Popular Mobilization Forces").id
    );
    assert_eq!(
        entity(&library, "CENTCOM").id,
        entity(&library, "United States Central Command").id
    );
    assert_eq!(entity(&library, "U.S.").id, entity(&library, "US").id);
    let sudani = entity(&library, "Mohammed Shia Al-Sudani");
    assert_eq!(sudani.article_count, 2, "named in 000 and 001");
    let kh = entity(&library, "Kataib Hezbollah");
    assert_eq!(kh.article_count, 3);
    assert_eq!(
        kh.first_seen.map(|d| d.to_string()).as_deref(),
        Some("2023-11-22")
    );

    // The entity page: aliases, related entities, sentences with spans.
    let detail = library.entity(kh.id).unwrap();
    assert!(detail
        .related
        .iter()
        .any(|(e, n)| e.name == "Baghdad" && *n == 3));
    let mentions = library.entity_mentions(kh.id, 0, 100).unwrap();
    assert_eq!(mentions.len() as i64, kh.mention_count);
    for m in &mentions {
        let article = library.article(m.article_id).unwrap();
        assert_eq!(&article.text[m.span.start..m.span.end], "Kataib Hezbollah");
        assert!(m.sentence.contains("Kataib Hezbollah"));
    }

    // The list filters by type and by name.
    let people = library
        .entities(&EntityQuery {
            kind: Some("PER".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(people.rows.iter().all(|e| e.kind == "PER"));
    assert!(people
        .rows
        .iter()
        .any(|e| e.name == "Mohammed Shia Al-Sudani"));
    let search = library
        .entities(&EntityQuery {
            text: Some("hezb".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(search.rows[0].name, "Kataib Hezbollah");

    // The library filters by entity.
    let page = library
        .list(&ListRequest {
            filter: ArticleFilter {
                entity_id: Some(entity(&library, "Hillah").id),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    assert!(page.rows[0].title.contains("Hillah") || page.rows[0].title.contains("Kataib"));
}

#[test]
fn shortened_names_in_other_articles_link_to_the_full_name() {
    let (dir, library) = new_library();
    import(&library, &[&sample("000_")]);
    let later = write(
        dir.path(),
        "later.txt",
        "Sudani meets militia leaders\n\nBAGHDAD — Prime Minister Al-Sudani met the leaders of \
         several armed groups on Thursday. Sudani said the government would hold the attackers \
         to account.\n",
    );
    import(&library, &[&later]);
    let full = entity(&library, "Mohammed Shia Al-Sudani");
    assert_eq!(entity(&library, "Sudani").id, full.id);
    assert_eq!(entity(&library, "Al-Sudani").id, full.id);
    assert_eq!(full.article_count, 2);
}

#[test]
fn curation_survives_reimport_and_reanalysis_and_can_be_undone() {
    let (dir, library) = new_library();
    import(&library, &[&samples_dir()]);
    let iraq = entity(&library, "Iraq");
    let baghdad = entity(&library, "Baghdad");

    // Merge Baghdad into Iraq (a user's choice, however odd), rename, retype.
    library
        .curate(&Curation::Merge {
            into: iraq.id,
            from: vec![baghdad.id],
        })
        .unwrap();
    library
        .curate(&Curation::Rename {
            entity: iraq.id,
            name: "Republic of Iraq".into(),
        })
        .unwrap();
    assert_eq!(entity(&library, "Baghdad").id, iraq.id);

    // A new article naming Baghdad links to the merged entity.
    let later = write(
        dir.path(),
        "later.txt",
        "Blasts in the capital\n\nTwo blasts shook Baghdad on Friday, police in Baghdad said.\n",
    );
    import(&library, &[&later]);
    let merged = entity(&library, "Baghdad");
    assert_eq!(merged.id, iraq.id);
    assert_eq!(merged.name, "Republic of Iraq");

    // Re-analysing everything (a new model) keeps the merge and the name.
    let n = library
        .reanalyse(true, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(n, 4);
    let after = entity(&library, "Baghdad");
    assert_eq!(
        (after.id, after.name.as_str()),
        (iraq.id, "Republic of Iraq")
    );
    assert_eq!(after.mention_count, merged.mention_count);

    // Delete Hamas: never linked again, even in a new article.
    let hamas = entity(&library, "Hamas");
    library
        .curate(&Curation::Delete { entity: hamas.id })
        .unwrap();
    let more = write(
        dir.path(),
        "more.txt",
        "Hamas statement\n\nHamas said on Saturday that talks had stalled.\n",
    );
    import(&library, &[&more]);
    assert!(library.resolve_entity("Hamas").is_err());

    // Undo brings Hamas back with its mentions (the new article's included
    // only once re-analysed: it was imported while the name was deleted).
    assert_eq!(library.undo().unwrap(), "delete 'Hamas'");
    let back = entity(&library, "Hamas");
    assert_eq!(back.id, hamas.id);
    assert_eq!(back.mention_count, hamas.mention_count);

    // Split: one mention of Kataib Hezbollah becomes its own entity, and stays
    // so after re-analysis.
    let kh = entity(&library, "Kataib Hezbollah");
    let first = library.entity_mentions(kh.id, 0, 1).unwrap()[0].clone();
    let split = library
        .curate(&Curation::Split {
            entity: kh.id,
            mentions: vec![first.mention_id],
            name: "KH (disputed)".into(),
        })
        .unwrap()
        .unwrap();
    assert_eq!(split.entity.mention_count, 1);
    library
        .reanalyse(true, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    let kh_after = entity(&library, "Kataib Hezbollah");
    assert_eq!(kh_after.mention_count, kh.mention_count - 1);
    assert_eq!(entity(&library, "KH (disputed)").mention_count, 1);

    // An alias pulls mentions written so into the entity.
    let us = entity(&library, "United States");
    library
        .curate(&Curation::AddAlias {
            entity: us.id,
            alias: "American".into(),
        })
        .unwrap();
    assert_eq!(entity(&library, "American").id, us.id);
    assert_eq!(
        library.undo().unwrap(),
        "add alias 'American' to 'United States'"
    );
    assert_ne!(entity(&library, "American").id, us.id);

    assert!(library.store().check().unwrap().is_empty());
}

#[test]
fn a_corrected_publication_date_re_resolves_the_articles_dates() {
    let (_dir, library) = new_library();
    import(&library, &[&sample("001_")]);
    let id = library.list(&ListRequest::default()).unwrap().rows[0].id;
    let before = library.annotations(id).unwrap().timexes;
    let value_of = |timexes: &[dossier_api::types::ArticleTimex], text: &str| {
        let article = library.article(id).unwrap();
        timexes
            .iter()
            .find(|t| &article.text[t.span.start..t.span.end] == text)
            .map(|t| t.value.clone())
            .unwrap_or_else(|| panic!("no timex '{text}'"))
    };
    // Undated: relative expressions stay unresolved.
    assert_eq!(value_of(&before, "Tuesday"), "XXXX-XX-XX");
    assert_eq!(value_of(&before, "overnight"), "XXXX-XX-XXTNI");

    library
        .correct_article(
            id,
            &ArticleCorrection {
                published: Some("2023-11-22".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let after = library.annotations(id).unwrap().timexes;
    assert_eq!(value_of(&after, "Tuesday"), "2023-11-21");
    assert_eq!(value_of(&after, "overnight"), "2023-11-21TNI");
    assert_eq!(value_of(&after, "Oct. 17"), "2023-10-17");

    // The library can now be filtered by the days the article talks about.
    let about = |from: &str, to: &str| {
        library
            .list(&ListRequest {
                filter: ArticleFilter {
                    about_from: Some(from.into()),
                    about_to: Some(to.into()),
                    ..Default::default()
                },
                ..Default::default()
            })
            .unwrap()
            .total
    };
    assert_eq!(about("2023-10-17", "2023-10-17"), 1);
    assert_eq!(about("2023-11-21", "2023-11-21"), 1);
    assert_eq!(about("2023-11-01", "2023-11-10"), 0);
}
