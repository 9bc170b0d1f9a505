//! The three real sample articles, imported into a real library file: titles,
//! authors, dates, story grouping and search hits come out as a user expects.

use std::sync::atomic::AtomicBool;

use dossier_api::types::{ArticleCorrection, FileOutcome, ListRequest, SearchRequest};
use dossier_api::{plan_import, Library};
use dossier_core::FieldSource;
use dossier_e2e::{new_library, sample, samples_dir};

/// Ids are assigned in the order files finish, which varies between runs.
fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort();
    ids
}

fn import_samples(library: &Library) -> Vec<i64> {
    let report = library
        .import(
            &plan_import(&[samples_dir()]),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(report.failed, 0, "{:#?}", report.files);
    assert_eq!(report.articles_added, 3, "{:#?}", report.files);
    let id_of = |prefix: &str| {
        report
            .files
            .iter()
            .find_map(|f| match f {
                FileOutcome::Added { path, article_ids } if path.contains(prefix) => {
                    Some(article_ids[0])
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{prefix} not added: {:#?}", report.files))
    };
    vec![id_of("000_"), id_of("001_"), id_of("003_")]
}

#[test]
fn sample_articles_have_sensible_titles_authors_and_dates() {
    let (_dir, library) = new_library();
    let ids = import_samples(&library);
    let a000 = library.article(ids[0]).unwrap();
    assert_eq!(
        a000.title.value,
        "Iraq Condemns US Airstrikes That Killed Iran-Linked Militants"
    );
    assert_eq!(
        a000.published.as_ref().map(|d| d.value.as_str()),
        Some("2023-11-22")
    );
    assert!(a000.date_note.is_none());

    let a001 = library.article(ids[1]).unwrap();
    assert_eq!(a001.authors.value, vec!["Ahmed Rasheed", "Timour Azhari"]);
    assert_eq!(a001.authors.source, FieldSource::Text, "from the byline");
    assert!(a001.published.is_none(), "001 has no date in its text");
    assert!(
        a001.date_note
            .as_deref()
            .unwrap_or("")
            .contains("No publication date"),
        "the article says it has no date"
    );
    assert!(
        !a001.title.value.starts_with("FILE PHOTO"),
        "a caption is not a title: {}",
        a001.title.value
    );

    let a003 = library.article(ids[2]).unwrap();
    assert_eq!(
        a003.title.value,
        "Iraq Condemns American Airstrike Targeting Kataib Hezbollah"
    );
    assert!(a003.published.is_none());
}

#[test]
fn the_two_versions_of_one_story_are_grouped_and_the_third_is_not() {
    let (_dir, library) = new_library();
    let ids = import_samples(&library);
    let (a, b, c) = (
        library.article(ids[0]).unwrap(),
        library.article(ids[1]).unwrap(),
        library.article(ids[2]).unwrap(),
    );
    assert_eq!(a.story_id, b.story_id, "000 and 001 report the same story");
    assert_ne!(a.story_id, c.story_id, "003 is a different story");
    assert_eq!(
        a.story_articles.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![b.id]
    );
    let page = library.list(&ListRequest::default()).unwrap();
    assert_eq!(page.total, 3);
    let story_sizes: Vec<i64> = page.rows.iter().map(|r| r.story_size).collect();
    assert_eq!(
        story_sizes.iter().filter(|&&n| n == 2).count(),
        2,
        "{story_sizes:?}"
    );
}

#[test]
fn search_finds_phrases_with_highlighted_snippets() {
    let (_dir, library) = new_library();
    let ids = import_samples(&library);
    let page = library
        .search(&SearchRequest {
            query: "\"dangerous escalation\"".into(),
            ..Default::default()
        })
        .unwrap();
    let mut found: Vec<i64> = page.hits.iter().map(|h| h.article.id).collect();
    found.sort();
    assert_eq!(found, sorted(vec![ids[0], ids[1]]));
    for hit in &page.hits {
        let marked: Vec<&str> = hit
            .snippet
            .highlights
            .iter()
            .map(|&(s, e)| &hit.snippet.text[s..e])
            .collect();
        assert!(
            marked
                .iter()
                .any(|m| m.to_lowercase().contains("dangerous")),
            "{marked:?} in {}",
            hit.snippet.text
        );
    }

    let hillah = library
        .search(&SearchRequest {
            query: "Hillah".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        hillah.hits.iter().map(|h| h.article.id).collect::<Vec<_>>(),
        vec![ids[2]]
    );

    let boolean = library
        .search(&SearchRequest {
            query: "(Soleimani OR Sudani) -Hillah".into(),
            ..Default::default()
        })
        .unwrap();
    let mut found: Vec<i64> = boolean.hits.iter().map(|h| h.article.id).collect();
    found.sort();
    assert_eq!(
        found,
        sorted(vec![ids[0], ids[1]]),
        "Sudani appears in 000 and 001; 003 is excluded by -Hillah"
    );

    let prefix = library
        .search(&SearchRequest {
            query: "escalat*".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(
        prefix.total >= 3,
        "escalation / escalation / escalation in all three: {}",
        prefix.total
    );

    let err = library
        .search(&SearchRequest {
            query: "\"unclosed".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), "bad_query");
    assert!(err.to_string().contains("quote"), "{err}");
}

#[test]
fn a_corrected_date_is_kept_across_reimport_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let id = {
        let library = Library::open(&path).unwrap();
        let ids = import_samples(&library);
        let corrected = library
            .correct_article(
                ids[1],
                &ArticleCorrection {
                    published: Some("2023-11-22".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(corrected.published.as_ref().unwrap().value, "2023-11-22");
        assert_eq!(
            corrected.published.as_ref().unwrap().source,
            FieldSource::User
        );
        ids[1]
    };
    let library = Library::open(&path).unwrap();
    let again = library
        .import(
            &plan_import(&[sample("001_")]),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(again.articles_added, 0);
    assert_eq!(again.already_in_library, 1);
    let article = library.article(id).unwrap();
    assert_eq!(
        article.published.unwrap().value,
        "2023-11-22",
        "the user's date survives re-import and reopen"
    );
    let filtered = library
        .list(&ListRequest {
            filter: dossier_api::types::ArticleFilter {
                from: Some("2023-11-22".into()),
                to: Some("2023-11".into()),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        filtered.total, 2,
        "000 (from its text) and 001 (from the correction) are in the date range"
    );
}
