-- Half-width and compatibility forms, as on SQLite (its migration 0019): half-width katakana ("ﾄｳｷｮｳ") and
-- the compatibility ideographs (U+F900-FAFF, U+2F800-2FA1F) were indexed as written, so "トウキョウ" did not find
-- a headline written "ﾄｳｷｮｳ電車", nor its story's other telling join it; full-width letters and digits ("ＡＩ")
-- were not "AI" (full-width punctuation stays as written: the snippets show it).
-- newsdigest_cjk_spaced now folds them first, each run of such characters to its NFKC form, as
-- bot.text.cjk.compat_folded does (FOLD_CLASS, spelled below in escapes; tests/test_search_cjk.py checks the
-- two agree on every range's edges). Only these forms: NFKC of a whole text would fold ligatures and
-- superscripts ("ﬁ", "²") in every language. Text without them gives the very same vectors.
CREATE FUNCTION newsdigest_compat_folded(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN t !~ '[\u3000\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f\U0002f800-\U0002fa1f]' THEN t ELSE (
    SELECT string_agg(CASE WHEN m[1] IS NULL THEN m[2] ELSE normalize(m[1], NFKC) END, '' ORDER BY n)
    FROM regexp_matches(t, '([\u3000\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f\U0002f800-\U0002fa1f]+)|([^\u3000\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f\U0002f800-\U0002fa1f]+)', 'g') WITH ORDINALITY AS x (m, n)
) END;

-- 0018's, of the folded text (newsdigest_vector, the search trigger and newsdigest_excerpt call it).
CREATE OR REPLACE FUNCTION newsdigest_cjk_spaced(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(newsdigest_compat_folded(t), '([\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3105-\u312f\u3131-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\U0001b000-\U0001b16f\U00020000-\U0003134f\u1100-\u11ff])', E'\x1f\\1\x1f', 'g');

-- The rows holding such forms get their vectors again (the trigger computes all three); no other row changes.
-- No stored value holds a story's words (the story locks hash them as they are taken), so nothing else is kept
-- of the unfolded text.
UPDATE articles SET title = title
WHERE title ~ '[\u3000\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f\U0002f800-\U0002fa1f]' OR key_points ~ '[\u3000\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f\U0002f800-\U0002fa1f]' OR body ~ '[\u3000\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f\U0002f800-\U0002fa1f]';
