//! The behavioural test suite every engine must pass, written once and run over
//! each engine by [`for_each_engine`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::fts5_index::Fts5Index;
use super::tantivy_index::TantivyIndex;
use super::*;

#[derive(Debug, Clone, Copy)]
enum Engine {
    Tantivy,
    Fts5,
}

impl Engine {
    fn location(self, dir: &Path) -> PathBuf {
        match self {
            Engine::Tantivy => dir.join("library.search"),
            Engine::Fts5 => dir.join("library.fts"),
        }
    }

    fn open(self, dir: &Path) -> Box<dyn SearchIndex> {
        let at = self.location(dir);
        match self {
            Engine::Tantivy => Box::new(TantivyIndex::open(&at).expect("open tantivy")),
            Engine::Fts5 => Box::new(Fts5Index::open(&at).expect("open fts5")),
        }
    }

    fn open_or_recreate(self, dir: &Path) -> (Box<dyn SearchIndex>, bool) {
        let at = self.location(dir);
        match self {
            Engine::Tantivy => {
                let (index, recreated) = TantivyIndex::open_or_recreate(&at).expect("tantivy");
                (Box::new(index), recreated)
            }
            Engine::Fts5 => {
                let (index, recreated) = Fts5Index::open_or_recreate(&at).expect("fts5");
                (Box::new(index), recreated)
            }
        }
    }
}

/// Runs `test` once per engine, each time with a fresh directory.
fn for_each_engine(test: impl Fn(Engine, &Path)) {
    for engine in [Engine::Tantivy, Engine::Fts5] {
        let dir = tempfile::tempdir().expect("temp dir");
        test(engine, dir.path());
    }
}

/// 2023-11-22, the day of the Jurf al-Sakhar strikes.
const NOV_22: i32 = 19_683;

fn doc(
    id: i64,
    title: &str,
    body: &str,
    outlet: Option<&str>,
    day: Option<i32>,
    story: i64,
) -> IndexDoc {
    IndexDoc {
        id,
        title: title.into(),
        body: body.into(),
        outlet: outlet.map(Into::into),
        published_day: day,
        story_id: story,
    }
}

fn corpus() -> Vec<IndexDoc> {
    vec![
        doc(
            1,
            "US strikes kill eight Kataib Hezbollah members",
            "The United States carried out strikes south of Baghdad on two facilities \
             near Jurf al-Sakhar. Prime Minister Mohammed Shia al-Súdani condemned them.",
            Some("Reuters"),
            Some(NOV_22),
            1,
        ),
        doc(
            2,
            "American strike south of Baghdad",
            "A US strike near Jurf al-Sakhar killed eight militants; officials expect escalation.",
            Some("AP"),
            Some(NOV_22),
            1,
        ),
        doc(
            3,
            "Strike in Hillah after drone attack on Erbil",
            "A drone attack on Erbil airport was followed by a strike in Hillah; tensions are escalating.",
            Some("Reuters"),
            Some(NOV_22 + 2),
            3,
        ),
        doc(
            4,
            "Budget talks in parliament",
            "Lawmakers discussed the budget. No strikes were mentioned. Baghdad south districts.",
            Some("Local News"),
            None,
            4,
        ),
    ]
}

fn loaded(engine: Engine, dir: &Path) -> Box<dyn SearchIndex> {
    let index = engine.open(dir);
    index.upsert(&corpus()).expect("upsert");
    index.commit().expect("commit");
    index
}

fn search(
    index: &dyn SearchIndex,
    text: &str,
    filter: &SearchFilter,
    sort: SearchSort,
) -> Vec<i64> {
    let results = search_text(index, text, filter, sort, 0, 100)
        .unwrap_or_else(|e| panic!("search {text:?}: {e}"));
    assert_eq!(results.total, results.hits.len(), "total for {text:?}");
    results.hits.iter().map(|h| h.id).collect()
}

fn ids(index: &dyn SearchIndex, text: &str) -> BTreeSet<i64> {
    search(index, text, &SearchFilter::default(), SearchSort::Relevance)
        .into_iter()
        .collect()
}

fn filtered(index: &dyn SearchIndex, text: &str, filter: SearchFilter) -> BTreeSet<i64> {
    search(index, text, &filter, SearchSort::Relevance)
        .into_iter()
        .collect()
}

fn set(ids: &[i64]) -> BTreeSet<i64> {
    ids.iter().copied().collect()
}

#[test]
fn phrase_versus_words() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        assert_eq!(
            ids(&*index, "\"south of Baghdad\""),
            set(&[1, 2]),
            "{engine:?}"
        );
        assert_eq!(ids(&*index, "south Baghdad"), set(&[1, 2, 4]), "{engine:?}");
        assert_eq!(
            ids(&*index, "\"Jurf al-Sakhar\""),
            set(&[1, 2]),
            "{engine:?}"
        );
        // Two words in a row, in that order: "Baghdad south districts" only.
        assert_eq!(ids(&*index, "\"Baghdad south\""), set(&[4]), "{engine:?}");
        assert_eq!(ids(&*index, "\"south Baghdad\""), set(&[]), "{engine:?}");
        let results = search_text(
            &*index,
            "\"Baghdad south\"",
            &SearchFilter::default(),
            SearchSort::Relevance,
            0,
            10,
        )
        .unwrap();
        assert_eq!(results.total, 1, "{engine:?}");
    });
}

#[test]
fn prefix() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        assert_eq!(ids(&*index, "escal*"), set(&[2, 3]), "{engine:?}");
        assert_eq!(ids(&*index, "Hezb*"), set(&[1]), "{engine:?}");
        assert_eq!(ids(&*index, "zzz*"), set(&[]), "{engine:?}");
        assert_eq!(ids(&*index, "escal* Hillah"), set(&[3]), "{engine:?}");
    });
}

#[test]
fn or_and_not() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        assert_eq!(ids(&*index, "Hillah OR budget"), set(&[3, 4]), "{engine:?}");
        assert_eq!(
            ids(&*index, "strike -Hillah"),
            set(&[1, 2, 4]),
            "{engine:?}"
        );
        assert_eq!(
            ids(&*index, "strike NOT (Hillah OR budget)"),
            set(&[1, 2]),
            "{engine:?}"
        );
        assert_eq!(
            ids(&*index, "strike -\"drone attack\""),
            set(&[1, 2, 4]),
            "{engine:?}"
        );
        assert_eq!(
            ids(&*index, "(Erbil OR parliament) AND airport"),
            set(&[3]),
            "{engine:?}"
        );
    });
}

#[test]
fn stemming() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        assert_eq!(ids(&*index, "strikes"), set(&[1, 2, 3, 4]), "{engine:?}");
        assert_eq!(ids(&*index, "killed"), set(&[1, 2]), "{engine:?}");
    });
}

#[test]
fn case_and_diacritics_fold() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        assert_eq!(ids(&*index, "Sudani"), set(&[1]), "{engine:?}");
        assert_eq!(ids(&*index, "SÚDANI"), set(&[1]), "{engine:?}");
    });
}

#[test]
fn filters() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        let by_outlet = SearchFilter {
            outlet: Some("reuters".into()),
            ..Default::default()
        };
        assert_eq!(
            filtered(&*index, "strike", by_outlet),
            set(&[1, 3]),
            "{engine:?}"
        );
        let one_day = SearchFilter {
            from_day: Some(NOV_22),
            to_day: Some(NOV_22),
            ..Default::default()
        };
        assert_eq!(
            filtered(&*index, "strike", one_day),
            set(&[1, 2]),
            "{engine:?}"
        );
        let later = SearchFilter {
            from_day: Some(NOV_22 + 1),
            ..Default::default()
        };
        assert_eq!(filtered(&*index, "strike", later), set(&[3]), "{engine:?}");
        let until = SearchFilter {
            to_day: Some(NOV_22 + 2),
            ..Default::default()
        };
        assert_eq!(
            filtered(&*index, "strike", until),
            set(&[1, 2, 3]),
            "{engine:?}"
        );
        let inverted = SearchFilter {
            from_day: Some(NOV_22 + 1),
            to_day: Some(NOV_22),
            ..Default::default()
        };
        assert_eq!(
            filtered(&*index, "strike", inverted),
            set(&[]),
            "{engine:?}"
        );
        let story = SearchFilter {
            story_id: Some(1),
            ..Default::default()
        };
        assert_eq!(
            filtered(&*index, "strike", story),
            set(&[1, 2]),
            "{engine:?}"
        );
        let all = SearchFilter {
            outlet: Some("AP".into()),
            from_day: Some(NOV_22),
            to_day: Some(NOV_22),
            story_id: Some(1),
        };
        assert_eq!(filtered(&*index, "strike", all), set(&[2]), "{engine:?}");
    });
}

#[test]
fn sort_by_date_both_ways_undated_last() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        let none = SearchFilter::default();
        let newest = search(&*index, "strike", &none, SearchSort::DateDesc);
        assert_eq!(newest[0], 3, "{engine:?}: {newest:?}");
        assert_eq!(set(&newest[1..3]), set(&[1, 2]), "{engine:?}: {newest:?}");
        assert_eq!(newest[3], 4, "{engine:?}: {newest:?}");
        let oldest = search(&*index, "strike", &none, SearchSort::DateAsc);
        assert_eq!(set(&oldest[0..2]), set(&[1, 2]), "{engine:?}: {oldest:?}");
        assert_eq!(&oldest[2..], &[3, 4], "{engine:?}: {oldest:?}");
    });
}

#[test]
fn relevance_ranks_the_better_match_first() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        let hits = search(
            &*index,
            "drone OR Erbil OR Hillah OR Baghdad",
            &SearchFilter::default(),
            SearchSort::Relevance,
        );
        assert_eq!(hits[0], 3, "{engine:?}: {hits:?}");
        let results = search_text(
            &*index,
            "Hillah",
            &SearchFilter::default(),
            SearchSort::Relevance,
            0,
            10,
        )
        .unwrap();
        assert!(results.hits[0].score > 0.0, "{engine:?}");
    });
}

#[test]
fn a_word_in_the_title_outranks_the_same_word_in_the_body() {
    for_each_engine(|engine, dir| {
        let index = engine.open(dir);
        let body = "Rain fell for days and the roads closed across the south of the country.";
        index
            .upsert(&[
                doc(
                    1,
                    "Rain across the south",
                    &format!("{body} Basra"),
                    None,
                    None,
                    1,
                ),
                doc(2, "Basra under water for days", body, None, None, 2),
            ])
            .unwrap();
        index.commit().unwrap();
        let hits = search(
            &*index,
            "Basra",
            &SearchFilter::default(),
            SearchSort::Relevance,
        );
        assert_eq!(hits, vec![2, 1], "{engine:?}");
    });
}

#[test]
fn paging_and_total() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        let none = SearchFilter::default();
        let all = search(&*index, "strike", &none, SearchSort::DateDesc);
        let page = search_text(&*index, "strike", &none, SearchSort::DateDesc, 1, 2).unwrap();
        assert_eq!(page.total, 4, "{engine:?}");
        assert_eq!(
            page.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
            all[1..3].to_vec(),
            "{engine:?}"
        );
        let count_only =
            search_text(&*index, "strike", &none, SearchSort::Relevance, 0, 0).unwrap();
        assert_eq!(
            (count_only.total, count_only.hits.len()),
            (4, 0),
            "{engine:?}"
        );
        let beyond = search_text(&*index, "strike", &none, SearchSort::Relevance, 10, 5).unwrap();
        assert_eq!((beyond.total, beyond.hits.len()), (4, 0), "{engine:?}");
        let huge = search_text(
            &*index,
            "strike",
            &none,
            SearchSort::DateAsc,
            usize::MAX,
            usize::MAX,
        )
        .unwrap();
        assert_eq!((huge.total, huge.hits.len()), (4, 0), "{engine:?}");
        let everything = search_text(
            &*index,
            "strike",
            &none,
            SearchSort::Relevance,
            0,
            usize::MAX,
        )
        .unwrap();
        assert_eq!(everything.hits.len(), 4, "{engine:?}");
    });
}

#[test]
fn upsert_replaces() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        index
            .upsert(&[doc(
                1,
                "Completely different",
                "Nothing of note.",
                None,
                None,
                1,
            )])
            .unwrap();
        index.commit().unwrap();
        assert_eq!(ids(&*index, "Kataib"), set(&[]), "{engine:?}");
        assert_eq!(ids(&*index, "different"), set(&[1]), "{engine:?}");
        assert_eq!(index.doc_count().unwrap(), 4, "{engine:?}");
        // The same id twice in one batch: the last version wins.
        index
            .upsert(&[
                doc(9, "first", "", None, None, 9),
                doc(9, "second", "", None, None, 9),
            ])
            .unwrap();
        index.commit().unwrap();
        assert_eq!(ids(&*index, "first OR second"), set(&[9]), "{engine:?}");
        assert_eq!(ids(&*index, "first"), set(&[]), "{engine:?}");
    });
}

#[test]
fn delete_removes() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        index.delete(&[3, 12345]).unwrap();
        index.commit().unwrap();
        assert_eq!(ids(&*index, "Hillah"), set(&[]), "{engine:?}");
        assert_eq!(index.doc_count().unwrap(), 3, "{engine:?}");
    });
}

#[test]
fn changes_are_visible_only_after_commit() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        index
            .upsert(&[doc(7, "Mosul", "Makhmour and Zumar", None, None, 7)])
            .unwrap();
        index.delete(&[1]).unwrap();
        assert_eq!(ids(&*index, "Mosul"), set(&[]), "{engine:?}");
        assert_eq!(ids(&*index, "Kataib"), set(&[1]), "{engine:?}");
        index.commit().unwrap();
        assert_eq!(ids(&*index, "Mosul"), set(&[7]), "{engine:?}");
        assert_eq!(ids(&*index, "Kataib"), set(&[]), "{engine:?}");
    });
}

#[test]
fn reopening_keeps_committed_documents() {
    for_each_engine(|engine, dir| {
        drop(loaded(engine, dir));
        let (index, recreated) = engine.open_or_recreate(dir);
        assert!(!recreated, "{engine:?}");
        assert_eq!(index.doc_count().unwrap(), 4, "{engine:?}");
        assert_eq!(ids(&*index, "Hillah"), set(&[3]), "{engine:?}");
    });
}

#[test]
fn a_new_index_reports_recreated() {
    for_each_engine(|engine, dir| {
        let (index, recreated) = engine.open_or_recreate(dir);
        assert!(recreated, "{engine:?}");
        assert_eq!(index.doc_count().unwrap(), 0, "{engine:?}");
    });
}

#[test]
fn a_corrupt_index_is_recreated() {
    for_each_engine(|engine, dir| {
        drop(loaded(engine, dir));
        let at = engine.location(dir);
        let damaged = match engine {
            Engine::Tantivy => at.join("meta.json"),
            Engine::Fts5 => at.clone(),
        };
        std::fs::write(&damaged, b"this is not an index").unwrap();
        let (index, recreated) = engine.open_or_recreate(dir);
        assert!(recreated, "{engine:?}");
        assert_eq!(index.doc_count().unwrap(), 0, "{engine:?}");
        index.upsert(&corpus()).unwrap();
        index.commit().unwrap();
        assert_eq!(ids(&*index, "Hillah"), set(&[3]), "{engine:?}");
    });
}

#[test]
fn clear_empties_the_index() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        index
            .upsert(&[doc(8, "pending", "", None, None, 8)])
            .unwrap();
        index.clear().unwrap();
        index.commit().unwrap();
        assert_eq!(index.doc_count().unwrap(), 0, "{engine:?}");
        assert_eq!(ids(&*index, "strike OR pending"), set(&[]), "{engine:?}");
    });
}

#[test]
fn malformed_queries_are_query_errors() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        for bad in ["\"unclosed", "(a", "a)", "a OR", "*", "", "-a"] {
            let result = search_text(
                &*index,
                bad,
                &SearchFilter::default(),
                SearchSort::Relevance,
                0,
                10,
            );
            assert!(
                matches!(result, Err(SearchError::Query(_))),
                "{engine:?} {bad:?}: {result:?}"
            );
        }
    });
}

#[test]
fn engine_syntax_in_queries_is_harmless() {
    for_each_engine(|engine, dir| {
        let index = loaded(engine, dir);
        for odd in [
            "title:Hillah",
            "NEAR(a b)",
            "^Hillah",
            "a + b",
            "Hillah:",
            "{x}",
            "1234",
            "'quote'",
            "a\u{0}b",
        ] {
            let result = search_text(
                &*index,
                odd,
                &SearchFilter::default(),
                SearchSort::Relevance,
                0,
                10,
            );
            assert!(result.is_ok(), "{engine:?} {odd:?}: {result:?}");
        }
    });
}

#[test]
fn tantivy_prefix_reaches_past_stems() {
    let dir = tempfile::tempdir().unwrap();
    let index = loaded(Engine::Tantivy, dir.path());
    // "escalation" is indexed as the stem "escal"; the prefix still finds it.
    assert_eq!(ids(&*index, "escalat*"), set(&[2, 3]));
    // ...without widening a prefix to a shorter, unrelated word.
    index
        .upsert(&[doc(5, "Abu Bakr al-Baghdadi", "", None, None, 5)])
        .unwrap();
    index.commit().unwrap();
    assert_eq!(ids(&*index, "baghdadi*"), set(&[5]));
}

/// Regression (found while chasing the crash harness's seed-21 failure): a
/// process killed in the middle of a tantivy commit can leave the deletes it
/// was writing for a committed segment (`<segment>.<opstamp>.del`) without
/// the `meta.json` that names them. The next process starts from the same
/// opstamp and repeats the same work (the articles still queued, in the same
/// order), so its commit needs that very file name, and tantivy refuses to
/// overwrite a file: every open of the library failed with
/// `FileAlreadyExists`. Opening the index now collects such leftovers.
#[test]
fn deletes_left_by_a_killed_commit_do_not_block_the_next_commit() {
    let dir = tempfile::tempdir().unwrap();
    let (at, redo_at) = (dir.path().join("a.search"), dir.path().join("b.search"));
    // Enough documents that each indexing thread's segment keeps some after
    // the redo (a segment whose every document is deleted is dropped whole,
    // with no delete file).
    let index = loaded(Engine::Tantivy, dir.path());
    let filler: Vec<_> = (100..140)
        .map(|id| doc(id, "Filler", "Nothing to find here.", None, None, id))
        .collect();
    index.upsert(&filler).unwrap();
    index.commit().unwrap();
    index.release_writer().unwrap();
    drop(index);
    std::fs::rename(Engine::Tantivy.location(dir.path()), &at).unwrap();
    std::fs::create_dir(&redo_at).unwrap();
    for entry in std::fs::read_dir(&at).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), redo_at.join(entry.file_name())).unwrap();
    }
    // Re-indexing a committed article (a correction, or a catch-up that
    // repeats work after a crash) deletes its old version: carried out to the
    // end on a copy, this shows the delete file the killed commit had written.
    // Every other filler article: whichever indexing thread's segment the
    // documents landed in, some segment keeps documents beside deleted ones.
    let redo: Vec<_> = std::iter::once(corpus()[0].clone())
        .chain(filler.iter().step_by(2).cloned())
        .collect();
    let copy = TantivyIndex::open(&redo_at).unwrap();
    copy.upsert(&redo).unwrap();
    copy.commit().unwrap();
    copy.release_writer().unwrap();
    drop(copy);
    let deletes: Vec<_> = std::fs::read_dir(&redo_at)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".del"))
        .collect();
    assert!(!deletes.is_empty());
    // The killed commit: the files written and registered as managed (tantivy
    // registers a file before it creates it), meta.json not yet replaced.
    let managed = at.join(".managed.json");
    let mut paths: Vec<String> = serde_json::from_slice(&std::fs::read(&managed).unwrap()).unwrap();
    for name in &deletes {
        std::fs::copy(redo_at.join(name), at.join(name)).unwrap();
        paths.push(name.clone());
    }
    std::fs::write(&managed, serde_json::to_vec(&paths).unwrap()).unwrap();

    let index = TantivyIndex::open(&at).unwrap();
    index.upsert(&redo).unwrap();
    index
        .commit()
        .expect("a leftover of a killed commit blocks the next commit");
    assert_eq!(index.doc_count().unwrap(), 44);
    assert_eq!(ids(&index, "Hillah"), set(&[3]));
    assert_eq!(ids(&index, "Kataib"), set(&[1]));
    assert_eq!(ids(&index, "filler").len(), 40);
}

/// An index of another schema (another version of Dossier) that some process
/// is writing is not wiped under it: opening waits its turn with `Busy`, and
/// recreates it once the writer is gone.
#[test]
fn an_index_of_another_version_being_written_is_left_alone() {
    use tantivy::schema::{Schema, TEXT};
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("index");
    std::fs::create_dir_all(&at).unwrap();
    let mut other = Schema::builder();
    let body = other.add_text_field("body_of_another_version", TEXT);
    let index = tantivy::Index::create_in_dir(&at, other.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(body => "written by the other process"))
        .unwrap();
    writer.commit().unwrap();
    match TantivyIndex::open_or_recreate(&at) {
        Err(SearchError::Busy { .. }) => {}
        Err(other) => panic!("expected Busy, got {other}"),
        Ok(_) => panic!("the other process's index was wiped"),
    }
    assert_eq!(index.reader().unwrap().searcher().num_docs(), 1);
    drop(writer);
    let (ours, recreated) = TantivyIndex::open_or_recreate(&at).unwrap();
    assert!(recreated);
    assert_eq!(ours.doc_count().unwrap(), 0);
}
