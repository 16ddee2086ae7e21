-- Direction controls. A right-to-left name between bidi isolates or embeddings in left-to-right text ("Harbour
-- U+2067 ... U+2069 pier", as Twitter/X, Wikipedia and some CMSs write it) was indexed with them: unicode61 takes
-- the isolates (U+2066-2069, newer than its tables) for letters, so "find" of the name found nothing.
-- cjk_spaced(), the content of articles_fts (0017) and titles_fts (0018), now puts a separator for each of them
-- and of the embeddings and overrides (U+202A-202E: bot.text.cjk.DIRECTION_CLASS), as the search term does; the
-- snippets show neither. The stored text keeps them. Text without them is indexed exactly as before.
--
-- Both indexes are external-content: each must hold what its content view gives now, or deleting or editing a
-- row later would remove tokens it does not hold. Only the rows holding such a control are indexed again (as
-- 0019 and 0020 did): their entries are removed by the text they were made from, cjk_spaced_before_bidi()
-- (0020's spacing), and made again from the content views. The rows are found by has_direction_controls(), the
-- program's own test (the fields are tested joined).
CREATE TEMP TABLE direction_rows AS
    SELECT id FROM articles WHERE has_direction_controls(title || ' ' || body || ' ' || ifnull(key_points, ''));

INSERT INTO articles_fts (articles_fts, rowid, title, body, key_points)
    SELECT 'delete', id, cjk_spaced_before_bidi(title), cjk_spaced_before_bidi(body), cjk_spaced_before_bidi(key_points)
    FROM articles WHERE id IN (SELECT id FROM direction_rows);
INSERT INTO articles_fts (rowid, title, body, key_points)
    SELECT id, title, body, key_points FROM articles_fts_text WHERE id IN (SELECT id FROM direction_rows);

INSERT INTO titles_fts (titles_fts, rowid, title)
    SELECT 'delete', id, cjk_spaced_before_bidi(title) FROM articles WHERE id IN (SELECT id FROM direction_rows);
INSERT INTO titles_fts (rowid, title)
    SELECT id, title FROM titles_fts_text WHERE id IN (SELECT id FROM direction_rows);

DROP TABLE direction_rows;
