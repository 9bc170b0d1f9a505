-- Story lookup keys as one row per key holding the ids of its newest articles,
-- instead of one row per key and article. Finding a new article's story read
-- every (key, article) row of its 64 keys, up to 64 per key (about 1,150 rows
-- an article at 10,000 articles, since common phrases make some keys popular),
-- and sorted them to count shared keys; it was two thirds of an import's CPU
-- time without analysis. Now it reads 64 rows and writes 64 back, and only the
-- newest articles per key, the only ones lookups ever compared, are kept.
-- `articles` packs up to 64 article ids as 8-byte big-endian integers.
CREATE TABLE story_postings (
    key      INTEGER PRIMARY KEY,
    articles BLOB    NOT NULL
);

INSERT INTO story_postings (key, articles)
SELECT key, unhex(group_concat(printf('%016X', article_id), '' ORDER BY article_id))
FROM (
    SELECT key, article_id,
           row_number() OVER (PARTITION BY key ORDER BY article_id DESC) AS newest
    FROM story_keys
)
WHERE newest <= 64
GROUP BY key;

DROP TABLE story_keys;
