//! Stories: near-duplicate versions of one report (the same wire story from two
//! outlets) grouped under one id, without deleting either. A story's id is the
//! id of its earliest article.

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
    tx.prepare_cached(
        "INSERT INTO stories (id, size) VALUES (?1, 1) ON CONFLICT (id) DO UPDATE SET size = size + 1",
    )?
    .execute([story])?;
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
    if keys.is_empty() {
        return Ok(None);
    }
    // One statement for all the keys: each key's newest candidates (at most
    // CANDIDATES_PER_KEY), counted per article inside SQLite, and only the
    // articles sharing enough keys come back. Asking key by key cost 64
    // statements and up to 4,096 rows handed to Rust per article, most of
    // the import's writing time when common phrases make keys popular.
    let per_key = (1..=keys.len())
        .map(|i| {
            format!(
                "SELECT * FROM (SELECT article_id FROM story_keys WHERE key = ?{i} AND article_id <> ?{} \
                 ORDER BY article_id DESC LIMIT ?{})",
                keys.len() + 1,
                keys.len() + 2
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let sql = format!(
        "SELECT article_id FROM ({per_key}) GROUP BY article_id HAVING count(*) >= ?{}",
        keys.len() + 3
    );
    let mut candidates = tx.prepare_cached(&sql)?;
    let mut args: Vec<i64> = keys.to_vec();
    args.extend([article_id, CANDIDATES_PER_KEY, MIN_SHARED_KEYS as i64]);
    let shared: Vec<i64> = candidates
        .query_map(rusqlite::params_from_iter(&args), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut load = tx.prepare_cached("SELECT minhash, story_id FROM articles WHERE id = ?1")?;
    let mut best: Option<(f64, i64)> = None;
    for id in shared {
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
