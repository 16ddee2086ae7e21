-- Half-width and compatibility forms. Half-width katakana ("ﾄｳｷｮｳ") and the compatibility ideographs
-- (U+F900-FAFF, U+2F800-2FA1F) were indexed as written, so "トウキョウ" did not find a headline written
-- "ﾄｳｷｮｳ電車", nor did its story's other telling join it; full-width Latin and digits were not "AI" or "2026"
-- (unicode61 applies no NFKC). cjk_spaced(), the content of articles_fts (0017) and titles_fts (0018), now folds
-- them first, each run of such characters to its NFKC form (bot.text.cjk.compat_folded), as the search query and
-- a headline's story pairs do. Only these forms: NFKC of a whole text would fold ligatures and superscripts
-- ("ﬁ", "²") in every language. Text without them is indexed exactly as before.
--
-- Both indexes are external-content: each must hold what its content view gives now, or deleting or editing a
-- row later would remove tokens it does not hold. Only the rows holding such a form are indexed again (not a
-- 'rebuild', which reads every article's text through cjk_spaced: ~7 s for 10,000 articles): their entries are
-- removed by the text they were made from, cjk_spaced_as_written() (the spacing without the fold), and made
-- again from the content views. The rows are found by the bytes of such a form in UTF-8 (the ideographic space
-- E3 80 80, U+F900-FAFF EF A4-AB, U+FF00-FFBF EF BC-BE, U+2F000-2FFFF F0 AF; the byte EF tested first, which text
-- without them seldom holds): a few more rows than hold one, indexed again as they were, at C speed (~0.1 ms an
-- article; GLOB with a set of these took ~1 ms). A lead byte never ends a field, so the fields are searched
-- joined. Tests check that every row holding a form is found.
CREATE TEMP TABLE compat_rows AS
    SELECT id FROM (SELECT id, CAST(title || ' ' || body || ' ' || ifnull(key_points, '') AS BLOB) AS b FROM articles)
    WHERE instr(b, X'E38080') OR instr(b, X'F0AF') OR (instr(b, X'EF') AND (
        instr(b, X'EFA4') OR instr(b, X'EFA5') OR instr(b, X'EFA6') OR instr(b, X'EFA7') OR instr(b, X'EFA8')
        OR instr(b, X'EFA9') OR instr(b, X'EFAA') OR instr(b, X'EFAB') OR instr(b, X'EFBC') OR instr(b, X'EFBD')
        OR instr(b, X'EFBE')
    ));

INSERT INTO articles_fts (articles_fts, rowid, title, body, key_points)
    SELECT 'delete', id, cjk_spaced_as_written(title), cjk_spaced_as_written(body), cjk_spaced_as_written(key_points)
    FROM articles WHERE id IN (SELECT id FROM compat_rows);
INSERT INTO articles_fts (rowid, title, body, key_points)
    SELECT id, title, body, key_points FROM articles_fts_text WHERE id IN (SELECT id FROM compat_rows);

INSERT INTO titles_fts (titles_fts, rowid, title)
    SELECT 'delete', id, cjk_spaced_as_written(title) FROM articles WHERE id IN (SELECT id FROM compat_rows);
INSERT INTO titles_fts (rowid, title)
    SELECT id, title FROM titles_fts_text WHERE id IN (SELECT id FROM compat_rows);

DROP TABLE compat_rows;
