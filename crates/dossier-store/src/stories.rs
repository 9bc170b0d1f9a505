//! Stories: near-duplicate versions of one report (the same wire story from two
//! outlets) grouped under one id, without deleting either. A story's id is the
//! id of its earliest article.

use std::collections::HashMap;

use dossier_analysis::fingerprint::{Signature, MIN_SHARED_KEYS, SAME_STORY_SIMILARITY};
use rusqlite::{params, Connection};

use crate::Result;

/// Records the article's lookup keys and returns the story it belongs to: the
/// story of the most similar earlier article above the threshold, or its own id.
/// When the article bridges two stories, they become one.
pub(crate) fn assign_story(
    tx: &Connection,
    article_id: i64,
    minhash: Option<&(Vec<u8>, Vec<i64>)>,
) -> Result<i64> {
    let Some((signature_bytes, keys)) = minhash else {
        return Ok(article_id);
    };
    let Some(signature) = Signature::from_bytes(signature_bytes) else {
        return Ok(article_id);
    };
    let mut stories = similar_stories(tx, article_id, &signature, keys)?;
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO story_keys (key, article_id) VALUES (?1, ?2)")?;
    for key in keys {
        insert.execute(params![key, article_id])?;
    }
    stories.sort_unstable();
    stories.dedup();
    let Some(&story) = stories.first() else {
        return Ok(article_id);
    };
    for other in &stories[1..] {
        tx.execute(
            "UPDATE articles SET story_id = ?1 WHERE story_id = ?2",
            params![story, other],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO search_queue (article_id) SELECT id FROM articles WHERE story_id = ?1",
            [story],
        )?;
    }
    Ok(story)
}

/// Earlier articles sharing a lookup key that a common phrase could make
/// popular are capped per key (newest first): a real version of the story shares
/// many keys, so it is still found through the others.
const CANDIDATES_PER_KEY: i64 = 64;

/// Stories of earlier articles that share enough lookup keys and whose full
/// signatures are similar enough.
fn similar_stories(
    tx: &Connection,
    article_id: i64,
    signature: &Signature,
    keys: &[i64],
) -> Result<Vec<i64>> {
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
    let mut stories = Vec::new();
    for (id, count) in shared {
        if count < MIN_SHARED_KEYS {
            continue;
        }
        let (bytes, story): (Option<Vec<u8>>, i64) =
            load.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let similar = bytes
            .as_deref()
            .and_then(Signature::from_bytes)
            .is_some_and(|other| other.similarity(signature) >= SAME_STORY_SIMILARITY);
        if similar {
            stories.push(story);
        }
    }
    Ok(stories)
}
