//! Stories: near-duplicate versions of one report (the same wire story from two
//! outlets) grouped under one id, without deleting either. A story's id is the
//! id of its earliest article.

use dossier_analysis::fingerprint::{Signature, MIN_SHARED_KEYS, SAME_STORY_SIMILARITY};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

/// The story lookup keys of one batch of files. Articles find their stories
/// as they are written, through what is stored and what the batch has added;
/// the batch's keys are stored at its end, in key order and outside the
/// files' savepoints. Stored as each article came, every key's row was a
/// random page that each file's savepoint copied to its journal first: about
/// a quarter of the import's CPU time without analysis.
#[derive(Default)]
pub(crate) struct StoryKeys {
    /// Postings as stored before the batch, read once per key.
    stored: HashMap<i64, Vec<i64>>,
    /// Articles of the batch's written files, by key, oldest first.
    batch: HashMap<i64, Vec<i64>>,
    /// Articles of the file being written, kept apart until its savepoint is
    /// released: a file rolled back takes its keys with it.
    file: HashMap<i64, Vec<i64>>,
}

impl StoryKeys {
    /// Returns the story the article belongs to: the story of the most
    /// similar earlier article above the threshold, or a new story of its own.
    /// Stories are never merged through a bridging article, so that a chain of
    /// loosely similar reports cannot swallow unrelated stories.
    pub(crate) fn assign_story(
        &mut self,
        tx: &Connection,
        article_id: i64,
        minhash: Option<&(Vec<u8>, Vec<i64>)>,
    ) -> Result<i64> {
        let fingerprint =
            minhash.and_then(|(bytes, keys)| Some((Signature::from_bytes(bytes)?, keys)));
        let story = match fingerprint {
            Some((signature, keys)) => {
                let keys = distinct(keys);
                let postings = self.postings(tx, &keys)?;
                let best = most_similar_story(tx, &signature, &postings)?;
                for key in keys {
                    self.file.entry(key).or_default().push(article_id);
                }
                best
            }
            None => None,
        };
        let story = story.unwrap_or(article_id);
        tx.prepare_cached(
            "INSERT INTO stories (id, size) VALUES (?1, 1) ON CONFLICT (id) DO UPDATE SET size = size + 1",
        )?
        .execute([story])?;
        Ok(story)
    }

    /// The file's articles were stored: their keys join the batch's.
    pub(crate) fn keep_file(&mut self) {
        for (key, articles) in self.file.drain() {
            self.batch.entry(key).or_default().extend(articles);
        }
    }

    /// The file was rolled back: its keys go with it.
    pub(crate) fn drop_file(&mut self) {
        self.file.clear();
    }

    /// Stores the batch's keys, in key order so that each page of the table is
    /// visited once.
    pub(crate) fn store(mut self, tx: &Connection) -> Result<()> {
        self.drop_file();
        let mut batch: Vec<(i64, Vec<i64>)> = self.batch.into_iter().collect();
        batch.sort_unstable_by_key(|(key, _)| *key);
        let mut write = tx.prepare_cached(
            "INSERT INTO story_postings (key, articles) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET articles = excluded.articles",
        )?;
        for (key, added) in batch {
            let mut articles = self.stored.remove(&key).unwrap_or_default();
            articles.extend(added);
            keep_newest(&mut articles);
            write.execute(params![key, encode_ids(&articles)])?;
        }
        Ok(())
    }

    /// Each key's newest earlier articles, oldest first: stored, then the batch's, then the
    /// file's, so that versions of a story within one batch or file find
    /// each other.
    fn postings(&mut self, tx: &Connection, keys: &[i64]) -> Result<Vec<Vec<i64>>> {
        let mut read = tx.prepare_cached("SELECT articles FROM story_postings WHERE key = ?1")?;
        let mut postings = Vec::with_capacity(keys.len());
        for &key in keys {
            let stored = match self.stored.entry(key) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => {
                    let bytes: Option<Vec<u8>> = read.query_row([key], |r| r.get(0)).optional()?;
                    entry.insert(bytes.as_deref().map_or_else(Vec::new, decode_ids))
                }
            };
            let mut articles = stored.clone();
            articles.extend(self.batch.get(&key).into_iter().flatten());
            articles.extend(self.file.get(&key).into_iter().flatten());
            keep_newest(&mut articles);
            postings.push(articles);
        }
        Ok(postings)
    }
}

fn distinct(keys: &[i64]) -> Vec<i64> {
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Earlier articles sharing a lookup key that a common phrase could make
/// popular are capped per key (newest first): a real version of the story shares
/// many keys, so it is still found through the others. Only these newest are
/// stored (`story_postings`, migration 0009, which repeats the number).
const CANDIDATES_PER_KEY: usize = 64;

/// Ids only grow, so the newest are the largest; sorting also mends a posting
/// whose order was lost (the migration writes it in order, but nothing else
/// depends on that).
fn keep_newest(articles: &mut Vec<i64>) {
    articles.sort_unstable();
    articles.dedup();
    let excess = articles.len().saturating_sub(CANDIDATES_PER_KEY);
    articles.drain(..excess);
}

/// Big-endian, so that the migration can build the same bytes with `printf('%016X')`.
fn encode_ids(ids: &[i64]) -> Vec<u8> {
    ids.iter().flat_map(|id| id.to_be_bytes()).collect()
}

fn decode_ids(bytes: &[u8]) -> Vec<i64> {
    bytes
        .chunks_exact(8)
        .map(|c| i64::from_be_bytes(c.try_into().expect("chunks of 8")))
        .collect()
}

/// Earlier articles that share at least [`MIN_SHARED_KEYS`] of the keys, in
/// id order.
fn sharing_enough_keys(postings: &[Vec<i64>]) -> Vec<i64> {
    let mut all: Vec<i64> = postings.iter().flatten().copied().collect();
    all.sort_unstable();
    all.chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= MIN_SHARED_KEYS)
        .map(|run| run[0])
        .collect()
}

/// The story of the earlier article that shares enough lookup keys and whose
/// full signature is the most similar, if it is similar enough.
fn most_similar_story(
    tx: &Connection,
    signature: &Signature,
    postings: &[Vec<i64>],
) -> Result<Option<i64>> {
    let mut load = tx.prepare_cached("SELECT minhash, story_id FROM articles WHERE id = ?1")?;
    let mut best: Option<(f64, i64)> = None;
    for id in sharing_enough_keys(postings) {
        let Some((bytes, story)) = load
            .query_row([id], |r| {
                Ok((r.get::<_, Option<Vec<u8>>>(0)?, r.get::<_, i64>(1)?))
            })
            .optional()?
        else {
            continue;
        };
        let similarity = bytes
            .as_deref()
            .and_then(Signature::from_bytes)
            .map_or(0.0, |other| other.similarity(signature));
        if similarity >= SAME_STORY_SIMILARITY && best.is_none_or(|(s, _)| similarity > s) {
            best = Some((similarity, story));
        }
    }
    Ok(best.map(|(_, story)| story))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_posting_forgets_its_oldest_articles() {
        let mut ids: Vec<i64> = (1..=CANDIDATES_PER_KEY as i64).rev().collect();
        ids.push(1000);
        keep_newest(&mut ids);
        assert_eq!(ids.len(), CANDIDATES_PER_KEY);
        assert_eq!((ids[0], *ids.last().unwrap()), (2, 1000));
    }

    #[test]
    fn ids_survive_their_bytes_and_match_the_migrations_encoding() {
        let ids = vec![1, 255, 1 << 40];
        assert_eq!(decode_ids(&encode_ids(&ids)), ids);
        let conn = Connection::open_in_memory().unwrap();
        let sql: Vec<u8> = conn
            .query_row(
                "SELECT unhex(printf('%016X', 1) || printf('%016X', 255) || printf('%016X', 1 << 40))",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(sql, encode_ids(&ids));
    }

    #[test]
    fn the_migration_keeps_each_keys_newest_articles() {
        let conn = Connection::open_in_memory().unwrap();
        let (before, upgrade) = crate::schema::MIGRATIONS.split_at(8);
        assert_eq!(upgrade[0].0, "0009_story_postings");
        for (_, sql) in before {
            conn.execute_batch(sql).unwrap();
        }
        // Keys without their articles: only the keys' table is under test.
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        let mut insert = conn
            .prepare("INSERT INTO story_keys (key, article_id) VALUES (?1, ?2)")
            .unwrap();
        for article in (1..=100).rev() {
            insert.execute([-5, article]).unwrap();
        }
        insert.execute([42, 7]).unwrap();
        drop(insert);
        conn.execute_batch(upgrade[0].1).unwrap();
        let postings = StoryKeys::default().postings(&conn, &[-5, 8, 42]).unwrap();
        let popular: Vec<i64> = (100 - CANDIDATES_PER_KEY as i64 + 1..=100).collect();
        assert_eq!(postings, vec![popular, vec![], vec![7]]);
    }

    fn file(name: &str, text: &str) -> crate::FileWrite {
        let signature = Signature::of(text).unwrap();
        crate::FileWrite {
            file_sha256: name.to_string(),
            name: name.to_string(),
            sources: vec![crate::NewSource {
                sha256: name.to_string(),
                name: name.to_string(),
                path: None,
                reader: "txt".to_string(),
                bytes: text.as_bytes().to_vec(),
                articles: vec![crate::NewArticle {
                    document: dossier_core::Document {
                        text: text.to_string(),
                        ..Default::default()
                    },
                    sentences: Vec::new(),
                    minhash: Some((signature.to_bytes(), signature.lookup_keys())),
                    annotations: Default::default(),
                }],
            }],
            complete: true,
        }
    }

    #[test]
    fn versions_in_one_batch_find_each_other_and_a_rolled_back_file_leaves_no_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&dir.path().join("l.sqlite")).unwrap();
        // A file that fails after its article found its story and keys.
        store
            .writer()
            .execute_batch(
                "CREATE TEMP TRIGGER poison BEFORE INSERT ON search_queue \
                 WHEN (SELECT text FROM articles WHERE id = new.article_id) LIKE '%poison%' \
                 BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
            )
            .unwrap();
        let report =
            "Iraq says overnight US airstrikes south of Baghdad that killed eight members \
                      of the armed group Kataib Hezbollah were a dangerous escalation.";
        let rewrite = format!("{report} The government said it was not told beforehand.");
        let results = store
            .write_files(vec![
                file("a", &format!("{report} poison")),
                file("b", report),
                file("c", &rewrite),
            ])
            .unwrap();
        assert!(results[0].is_err());
        let ids: Vec<i64> = results[1..]
            .iter()
            .map(|r| match &r.as_ref().unwrap()[0] {
                crate::SourceOutcome::Added { article_ids, .. } => article_ids[0],
                other => panic!("{other:?}"),
            })
            .collect();
        let conn = store.reader();
        let story = |id: i64| -> i64 {
            conn.query_row("SELECT story_id FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
        };
        assert_eq!((story(ids[0]), story(ids[1])), (ids[0], ids[0]));
        let keys = Signature::of(report).unwrap().lookup_keys();
        let stored: Vec<u8> = conn
            .query_row(
                "SELECT articles FROM story_postings WHERE key = ?1",
                [keys[0]],
                |r| r.get(0),
            )
            .unwrap();
        let rewrite_shares = Signature::of(&rewrite)
            .unwrap()
            .lookup_keys()
            .contains(&keys[0]);
        let expected = if rewrite_shares { ids } else { vec![ids[0]] };
        assert_eq!(decode_ids(&stored), expected);
    }

    #[test]
    fn candidates_share_enough_keys() {
        let postings = vec![vec![3, 7], vec![7], vec![3, 7], vec![7, 9], vec![3]];
        assert_eq!(MIN_SHARED_KEYS, 4);
        assert_eq!(sharing_enough_keys(&postings), vec![7]);
    }
}
