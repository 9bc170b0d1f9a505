//! Stories: near-duplicate versions of one report (the same wire story from two
//! outlets) grouped under one id, without deleting either. A story's id is the
//! id of its earliest article.

use dossier_analysis::fingerprint::{Signature, SAME_STORY_SIMILARITY};
use rusqlite::{params, Transaction};

use crate::Result;

/// Records the article's LSH bands and returns the story it belongs to: the
/// story of the most similar earlier article above the threshold, or its own id.
/// When the article bridges two stories, they become one.
pub(crate) fn assign_story(tx: &Transaction<'_>, article_id: i64, minhash: Option<&(Vec<u8>, Vec<i64>)>) -> Result<i64> {
    let Some((signature_bytes, bands)) = minhash else { return Ok(article_id) };
    let Some(signature) = Signature::from_bytes(signature_bytes) else { return Ok(article_id) };
    let mut stories = similar_stories(tx, article_id, &signature, bands)?;
    let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO story_bands (band, article_id) VALUES (?1, ?2)")?;
    for band in bands {
        insert.execute(params![band, article_id])?;
    }
    stories.sort_unstable();
    stories.dedup();
    let Some(&story) = stories.first() else { return Ok(article_id) };
    for other in &stories[1..] {
        tx.execute("UPDATE articles SET story_id = ?1 WHERE story_id = ?2", params![story, other])?;
        tx.execute(
            "INSERT OR IGNORE INTO search_queue (article_id) SELECT id FROM articles WHERE story_id = ?1",
            [story],
        )?;
    }
    Ok(story)
}

/// Stories of earlier articles that share a band and are similar enough.
fn similar_stories(tx: &Transaction<'_>, article_id: i64, signature: &Signature, bands: &[i64]) -> Result<Vec<i64>> {
    let mut candidates = tx.prepare_cached(
        "SELECT DISTINCT b.article_id FROM story_bands b WHERE b.band = ?1 AND b.article_id <> ?2 LIMIT 200",
    )?;
    let mut ids: Vec<i64> = Vec::new();
    for band in bands {
        for id in candidates.query_map(params![band, article_id], |r| r.get::<_, i64>(0))? {
            ids.push(id?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut load = tx.prepare_cached("SELECT minhash, story_id FROM articles WHERE id = ?1")?;
    let mut stories = Vec::new();
    for id in ids {
        let (bytes, story): (Option<Vec<u8>>, i64) = load.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
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
