-- Search in Chinese, Japanese and Korean. unicode61 takes a run of Han, kana or Hangul as ONE token, so a word was
-- found only where it stood alone between punctuation ("电车" not in "新有轨电车线路"). The index now holds the text
-- as cjk_spaced() gives it (bot/text/cjk.py: a zero width space, a separator for unicode61, on each side of every
-- CJK character next to a letter or digit), so each CJK character is a token and a CJK word searched for is the
-- phrase of its characters (bot.store.search). Text without CJK is indexed exactly as before.
--
-- articles_fts is external-content: what FTS5 reads back from its content (snippets, 'rebuild', integrity-check)
-- must be what was indexed, and the triggers delete what was indexed. Its content is therefore a view applying
-- cjk_spaced to the articles' columns; the store indexes the same (bot/store/articles.py) and the triggers delete
-- and insert the same. cjk_spaced is registered on every connection newsdigest opens (bot/store/db.py); a
-- connection without it (the sqlite3 shell) can still read and insert articles, but not delete or edit one, nor
-- check or read articles_fts's text. The index is built again: its content option cannot be changed in place.
-- titles_fts (story clustering by headline words) is left as it is.
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;

CREATE VIEW articles_fts_text (id, title, body, key_points) AS
    SELECT id, cjk_spaced(title), cjk_spaced(body), cjk_spaced(key_points) FROM articles;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, key_points,
    content = 'articles_fts_text',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, key_points)
    VALUES ('delete', old.id, cjk_spaced(old.title), cjk_spaced(old.body), cjk_spaced(old.key_points));
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body, key_points ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, key_points)
    VALUES ('delete', old.id, cjk_spaced(old.title), cjk_spaced(old.body), cjk_spaced(old.key_points));
    INSERT INTO articles_fts (rowid, title, body, key_points)
    VALUES (new.id, cjk_spaced(new.title), cjk_spaced(new.body), cjk_spaced(new.key_points));
END;
