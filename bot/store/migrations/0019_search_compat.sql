-- Half-width and compatibility forms. Half-width katakana ("ﾄｳｷｮｳ") and the compatibility ideographs
-- (U+F900-FAFF, U+2F800-2FA1F) were indexed as written, so "トウキョウ" did not find a headline written
-- "ﾄｳｷｮｳ電車", nor did its story's other telling join it; full-width ASCII ("ＡＩ") was not "AI" (unicode61 applies
-- no NFKC). cjk_spaced(), the content of articles_fts (0017) and titles_fts (0018), now folds them first, each run
-- of such characters to its NFKC form (bot.text.cjk.compat_folded), as the search query and a headline's story
-- pairs do. Only these forms: NFKC of a whole text would fold ligatures and superscripts ("ﬁ", "²") in every
-- language. Text without them is indexed exactly as before.
--
-- Both indexes are external-content: each must hold what its content view gives now, or deleting or editing a row
-- would remove tokens it does not hold. They are built again from their content ('rebuild': FTS5 has no way to
-- re-index only the rows holding such forms, since removing a row's old tokens needs the text they were made from).
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
INSERT INTO titles_fts (titles_fts) VALUES ('rebuild');
