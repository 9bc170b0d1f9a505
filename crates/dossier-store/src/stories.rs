//! Stories: near-duplicate versions of one report (the same wire story from two
//! outlets) grouped under one id, without deleting either. A story's id is the
//! id of its earliest article.

use std::collections::HashMap;

use dossier_analysis::fingerprint::{Signature, MIN_SHARED_KEYS, SAME_STORY_SIMILARITY};
use rusqlite::{params, Connection};

use crate::Result;

/// Records the article's lookup keys and returns the story it belongs to: the
/// story of the most similar earlier article above the threshold, or a new story
/// of its own. Stories are never merged through a bridging article, so that a
/// chain of loosely similar reports cannot swallow unrelated stories.
pub(crate) fn assign_story(
    tx: &Connection,
    article_id: i64,
    minhash: Option<&(Vec<u8>, Vec<i64>)>,
) -> Result<i64> {
    let story = match minhash {
        Some((signature_bytes, keys)) => match Signature::from_bytes(signature_bytes) {
            Some(signature) => {
                let best = most_similar_story(tx, article_id, &signature, keys)?;
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO story_keys (key, article_id) VALUES (?1, ?2)",
                )?;
                for key in keys {
                    insert.execute(params![key, article_id])?;
                }
                best
            }
            None => None,
        },
        None => None,
    };
    let story = story.unwrap_or(article_id);
    tx.execute(
        "INSERT INTO stories (id, size) VALUES (?1, 1) ON CONFLICT (id) DO UPDATE SET size = size + 1",
        [story],
    )?;
    Ok(story)
}

/// Earlier articles sharing a lookup key that a common phrase could make
/// popular are capped per key (newest first): a real version of the story shares
/// many keys, so it is still found through the others.
const CANDIDATES_PER_KEY: i64 = 64;

/// The story of the earlier article that shares enough lookup keys and whose
/// full signature is the most similar, if it is similar enough.
fn most_similar_story(
    tx: &Connection,
    article_id: i64,
    signature: &Signature,
    keys: &[i64],
) -> Result<Option<i64>> {
    let mut candidates = tx.prepare_cached(
        "SELECT article_id FROM story_keys WHERE key = ?1 AND article_id <> ?2 ORDER BY article_id DESC LIMIT ?3",
    )?;
    let mut shared: HashMap<i64, usize> = HashMap::new();
    for key in keys {
        for id in candidates.query_map(params![key, article_id, CANDIDATES_PER_KEY], |r| {
            r.get::<_, i64>(0)
        })? {
            *shared.entry(id?).or_default() += 1;
        }
    }
    let mut load = tx.prepare_cached("SELECT minhash, story_id FROM articles WHERE id = ?1")?;
    let mut best: Option<(f64, i64)> = None;
    for (id, count) in shared {
        if count < MIN_SHARED_KEYS {
            continue;
        }
        let (bytes, story): (Option<Vec<u8>>, i64) =
            load.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
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
