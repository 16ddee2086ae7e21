-- Search in every script. Thai, Lao, Khmer and Burmese write no spaces between words, and unicode61 took the run
-- between two spaces for one word: a word inside a phrase was never found. cjk_spaced(), the content of
-- articles_fts (0017) and titles_fts (0018), now sets their letters apart one by one as it does CJK characters
-- (bot.text.cjk.PHRASED_LETTERS; their marks are no token characters to unicode61 and stay in the text, for the
-- snippets), and a word searched for is the phrase of its letters. It also folds, before that, the variants that
-- neither engine folded alike (bot.text.cjk.SCRIPT_FOLD): Persian yeh and kaf, tashkeel and niqqud, Greek accents,
-- Turkish dotless i, Vietnamese d with stroke; the search term is folded the same way. Text without such
-- characters is indexed exactly as before.
--
-- Both indexes are external-content: each must hold what its content view gives now, or deleting or editing a
-- row later would remove tokens it does not hold. Only the rows holding such a character are indexed again (as
-- 0019 did): their entries are removed by the text they were made from, cjk_spaced_before_scripts() (0019's
-- spacing; every migration before this one indexed with its own version: bot.store.db.migration_functions), and
-- made again from the content views. The rows are found by changed_by_scripts(), the program's own test (ASCII
-- text is told apart at once, other text by its UTF-8 bytes first; the fields are tested joined).
CREATE TEMP TABLE script_rows AS
    SELECT id FROM articles WHERE changed_by_scripts(title || ' ' || body || ' ' || ifnull(key_points, ''));

INSERT INTO articles_fts (articles_fts, rowid, title, body, key_points)
    SELECT 'delete', id, cjk_spaced_before_scripts(title), cjk_spaced_before_scripts(body),
        cjk_spaced_before_scripts(key_points)
    FROM articles WHERE id IN (SELECT id FROM script_rows);
INSERT INTO articles_fts (rowid, title, body, key_points)
    SELECT id, title, body, key_points FROM articles_fts_text WHERE id IN (SELECT id FROM script_rows);

INSERT INTO titles_fts (titles_fts, rowid, title)
    SELECT 'delete', id, cjk_spaced_before_scripts(title) FROM articles WHERE id IN (SELECT id FROM script_rows);
INSERT INTO titles_fts (rowid, title)
    SELECT id, title FROM titles_fts_text WHERE id IN (SELECT id FROM script_rows);

DROP TABLE script_rows;
