-- Search in Chinese, Japanese and Korean, as on SQLite (its migration 0017). The parser takes a run of Han, kana
-- or Hangul as ONE word, so a word was found only where it stood alone between punctuation. Every vector is now
-- made from the text as newsdigest_cjk_spaced() gives it (a U+001F, a blank for the parser in every locale, on
-- each side of every CJK character: bot.text.cjk.cjk_spaced, whose CJK_CLASS the class below spells in escapes;
-- tests/test_search_cjk.py checks the two agree), so each character is a word, and a CJK word searched for is
-- the phrase of its characters (bot.store.search), answered by its word pairs (0005) as any phrase is.
-- Text without CJK gives the very same vectors: rows without CJK are not rewritten.
CREATE FUNCTION newsdigest_cjk_spaced(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(t, '([\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3105-\u312f\u3131-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\U0001b000-\U0001b16f\U00020000-\U0003134f\u1100-\u11ff])', E'\x1f\\1\x1f', 'g');

-- 0015's vector, of the spaced fields.
CREATE OR REPLACE FUNCTION newsdigest_vector(language text, title text, key_points text, body text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $body$
DECLARE
    config constant regconfig := newsdigest_config(language);
    gap constant tsvector := '''newsdigest field end'':1'::tsvector;  -- no text yields a lexeme with blanks
    v tsvector;
BEGIN
    v := ts_delete(
        setweight(to_tsvector(config, newsdigest_cjk_spaced(title)), 'A') || gap
            || setweight(to_tsvector(config, newsdigest_cjk_spaced(key_points)), 'B') || gap
            || setweight(to_tsvector(config, newsdigest_cjk_spaced(body)), 'D'),
        'newsdigest field end'
    );
    RETURN v || newsdigest_pairs(v);
END
$body$;

-- The headline and key-point vectors (ranking, story candidates) were generated columns: a generated column's
-- expression cannot be changed in place before PostgreSQL 17 (and dropping it rewrites every row). They become
-- plain columns kept by the search trigger (0014), with every stored value kept.
ALTER TABLE articles ALTER COLUMN title_search DROP EXPRESSION IF EXISTS;
ALTER TABLE articles ALTER COLUMN key_points_search DROP EXPRESSION IF EXISTS;

CREATE OR REPLACE FUNCTION newsdigest_search_row() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    NEW.title_search := to_tsvector('newsdigest'::regconfig, newsdigest_cjk_spaced(NEW.title));
    NEW.key_points_search := to_tsvector('newsdigest'::regconfig, newsdigest_cjk_spaced(NEW.key_points));
    IF TG_OP = 'INSERT' AND NEW.search IS NOT NULL THEN
        RETURN NEW;
    END IF;
    NEW.search := newsdigest_vector(NEW.language, NEW.title, NEW.key_points, NEW.body);
    RETURN NEW;
END
$body$;

DROP TRIGGER articles_search ON articles;
CREATE TRIGGER articles_search BEFORE INSERT OR UPDATE OF language, title, key_points, body, search, title_search,
    key_points_search ON articles FOR EACH ROW EXECUTE FUNCTION newsdigest_search_row();

-- Snippets: the window of the body (0010) is cut from the spaced body, so that a CJK phrase's characters are
-- found there (newsdigest_excerpt_pattern joins a phrase's words by non-letters) and marked by ts_headline;
-- bot.store.search removes the separators from the snippet.
CREATE OR REPLACE FUNCTION newsdigest_excerpt(body text, pattern text, width int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    SELECT substr(s, GREATEST(1, COALESCE(NULLIF(regexp_instr(s, pattern, 1, 1, 0, 'i'), 0), 1) - width / 5), width)
    FROM (SELECT newsdigest_cjk_spaced(left(body, 30000)) AS s) x
);

-- The rows holding CJK get their vectors again (the trigger computes all three).
UPDATE articles SET title = title
WHERE title ~ '[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3105-\u312f\u3131-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\U0001b000-\U0001b16f\U00020000-\U0003134f\u1100-\u11ff]' OR key_points ~ '[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3105-\u312f\u3131-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\U0001b000-\U0001b16f\U00020000-\U0003134f\u1100-\u11ff]' OR body ~ '[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3105-\u312f\u3131-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\U0001b000-\U0001b16f\U00020000-\U0003134f\u1100-\u11ff]';
