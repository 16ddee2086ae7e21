-- Stories in Chinese and Japanese. A headline without spaces was one token of titles_fts (unicode61 takes a run
-- of Han or kana as one word), and story clustering asks for a headline's words: a Chinese or Japanese headline
-- found no candidate, and every such article was a story of its own. Its words are now character pairs
-- (bot.text.similarity.title_tokens), asked as the phrase of their two characters (bot/store/articles.py), so
-- titles_fts holds each CJK character as a token, as articles_fts does since 0017: its content is a view giving
-- the headline as cjk_spaced() gives it, the store indexes the same, and the triggers delete and insert the same
-- (cjk_spaced is registered on every connection newsdigest opens). Headlines without CJK are indexed exactly as
-- before. The index is built again: its content option cannot be changed in place (headlines only: quick).
DROP TRIGGER titles_fts_delete;
DROP TRIGGER titles_fts_update;
DROP TABLE titles_fts;

CREATE VIEW titles_fts_text (id, title) AS SELECT id, cjk_spaced(title) FROM articles;

-- As 0006 made it, but for its content.
CREATE VIRTUAL TABLE titles_fts USING fts5 (
    title,
    content = 'titles_fts_text',
    content_rowid = 'id',
    columnsize = 0,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO titles_fts (titles_fts) VALUES ('rebuild');
INSERT INTO titles_fts (titles_fts, rank) VALUES ('automerge', 2);
INSERT INTO titles_fts (titles_fts, rank) VALUES ('crisismerge', 4);

CREATE TRIGGER titles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.id, cjk_spaced(old.title));
END;

CREATE TRIGGER titles_fts_update AFTER UPDATE OF title ON articles BEGIN
    INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.id, cjk_spaced(old.title));
    INSERT INTO titles_fts (rowid, title) VALUES (new.id, cjk_spaced(new.title));
END;
