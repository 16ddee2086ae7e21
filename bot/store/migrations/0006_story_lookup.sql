-- Story clustering looks up recent articles sharing a headline word. Through articles_fts that query read every
-- word's whole doclist over title, body and key points (a common title word is in thousands of bodies), then
-- each candidate's table row for its arrival time: ~0.7 ms an article at 10k articles, the store's largest cost.
--
-- A headline-only index answers the same MATCH with the same rowids (same tokenizer, title column only) from
-- doclists a fraction the size; columnsize = 0 skips the per-row sizes that only ranking would read.
CREATE VIRTUAL TABLE titles_fts USING fts5 (
    title,
    content = 'articles',
    content_rowid = 'id',
    columnsize = 0,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO titles_fts (titles_fts) VALUES ('rebuild');

CREATE TRIGGER titles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO titles_fts (rowid, title) VALUES (new.id, new.title);
END;

CREATE TRIGGER titles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;

CREATE TRIGGER titles_fts_update AFTER UPDATE OF title ON articles BEGIN
    INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO titles_fts (rowid, title) VALUES (new.id, new.title);
END;

-- The candidates' arrival times from the index alone, without reading each article's row (and its body).
CREATE INDEX articles_id_arrived ON articles (id, arrived_at);
