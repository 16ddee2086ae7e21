-- SQLite's 0025: each article's canonical URL as today's rule (bot.text.identity.canonical_url) gives its link,
-- unless another row holds that address already (of several old rows with one new address the first takes it).
-- The rule is Python's: the migrator computes the changed rows into the temporary table recanonical before this
-- runs (bot.store.pg, MIGRATION_ROWS), in the same transaction; run without it, the table is empty and nothing changes.
CREATE TEMP TABLE IF NOT EXISTS recanonical (id bigint PRIMARY KEY, canonical text NOT NULL) ON COMMIT DROP;
UPDATE articles AS a SET canonical_url = r.canonical
FROM recanonical r
WHERE a.id = r.id
AND NOT EXISTS (SELECT 1 FROM articles o WHERE o.canonical_url = r.canonical)
AND r.id = (SELECT min(s.id) FROM recanonical s WHERE s.canonical = r.canonical);
DROP TABLE recanonical;
