-- Story clustering looks up recent articles sharing a headline word. Through articles_fts that query read every
-- word's whole doclist over title, body and key points (a common title word is in thousands of bodies), then
-- each candidate's table row for its arrival time: ~0.7 ms an article at 10k articles, the store's largest cost.
--
-- A headline-only index answers the same MATCH with the same rowids (same tokenizer, title column only) from
-- doclists a fraction the size; columnsize = 0 skips the per-row sizes that only ranking would read. The
-- candidates' arrival times come from articles_age (migration 5), without reading each article's row.
CREATE VIRTUAL TABLE titles_fts USING fts5 (
    title,
    content = 'articles',
    content_rowid = 'id',
    columnsize = 0,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO titles_fts (titles_fts) VALUES ('rebuild');
-- Every stored article queries this index, and an FTS5 query costs per segment per term: keep few segments.
-- Each commit adds one; merging two of a level (not four), and all of a level once four wait, keeps ~4
-- instead of ~11 at 10k articles (lookup 0.18 -> 0.12 ms). Headlines are short: the merges stay cheap.
INSERT INTO titles_fts (titles_fts, rank) VALUES ('automerge', 2);
INSERT INTO titles_fts (titles_fts, rank) VALUES ('crisismerge', 4);

-- New rows are indexed by the store itself (bot/store/articles.py, store_article), not by an INSERT trigger:
-- a statement that writes through a trigger runs in a statement savepoint, and FTS5 flushes its pending terms
-- at every savepoint, so each article became a segment of its own and the merges cost more than the
-- indexing (0.17 ms instead of 0.07 per article). A batch of direct inserts is flushed once, at commit.
-- Deletes and title/body edits keep their triggers: they are rare, and the index must follow them.
DROP TRIGGER articles_fts_insert;

CREATE TRIGGER titles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;

CREATE TRIGGER titles_fts_update AFTER UPDATE OF title ON articles BEGIN
    INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO titles_fts (rowid, title) VALUES (new.id, new.title);
END;
