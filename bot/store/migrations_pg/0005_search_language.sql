-- Search in each article's own language (issue 13). Every language PostgreSQL 15 has a Snowball stemmer for gets
-- a configuration newsdigest_<code> (accents folded by unaccent, then that language's stemmer, no stop words: FTS5
-- drops no word either); English keeps `newsdigest`; any other language, or none known, `newsdigest_simple`
-- (accents folded and lower-cased, not stemmed). newsdigest_config(language) picks one per row.
--
-- The whole-article vector also holds every pair of adjacent words as one lexeme ('northgat food'): a quoted
-- phrase of two words is then one entry of the GIN index, answered without reading any row's TOASTed vector
-- (a phrase test needs positions, which the index does not keep). Longer phrases need each of their pairs,
-- then the positions of the rows that have them all. newsdigest_term() reads a query's term in every
-- configuration, so that one query matches each row in its own; newsdigest_find() is a whole /find in one
-- statement.
-- Rows stored before get a language as in SQLite's 0012 (English by its commonest words, else unknown).
ALTER TABLE articles ADD COLUMN language text;
UPDATE articles SET language = 'en'
WHERE to_tsvector('simple', left(title || ' ' || body, 1200)) @@ '''the'' & (''and'' | ''of'' | ''to'')'::tsquery;

CREATE TEXT SEARCH CONFIGURATION newsdigest_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION newsdigest_simple
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
DO $$
DECLARE
    l record;
BEGIN
    FOR l IN SELECT * FROM (VALUES
        ('de', 'german'), ('fr', 'french'), ('es', 'spanish'), ('pt', 'portuguese'), ('it', 'italian'),
        ('nl', 'dutch'), ('sv', 'swedish'), ('da', 'danish'), ('no', 'norwegian'), ('fi', 'finnish'),
        ('tr', 'turkish'), ('id', 'indonesian'), ('ro', 'romanian'), ('hu', 'hungarian'), ('ca', 'catalan'),
        ('lt', 'lithuanian'), ('ru', 'russian'), ('sr', 'serbian'), ('el', 'greek'), ('ar', 'arabic'),
        ('hy', 'armenian'), ('hi', 'hindi'), ('ne', 'nepali'), ('ta', 'tamil'), ('eu', 'basque'),
        ('ga', 'irish'), ('yi', 'yiddish')
    ) AS v (code, name) LOOP
        EXECUTE format('CREATE TEXT SEARCH DICTIONARY newsdigest_stem_%s (TEMPLATE = snowball, Language = %s)',
            l.code, l.name);
        EXECUTE format('CREATE TEXT SEARCH CONFIGURATION newsdigest_%s (COPY = simple)', l.code);
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION newsdigest_%s ALTER MAPPING FOR asciiword, asciihword,'
            ' hword_asciipart, word, hword, hword_part WITH unaccent, newsdigest_stem_%s', l.code, l.code);
    END LOOP;
END
$$;

CREATE FUNCTION newsdigest_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE language
        WHEN 'en' THEN 'newsdigest'::regconfig
        WHEN 'de' THEN 'newsdigest_de'::regconfig
        WHEN 'fr' THEN 'newsdigest_fr'::regconfig
        WHEN 'es' THEN 'newsdigest_es'::regconfig
        WHEN 'pt' THEN 'newsdigest_pt'::regconfig
        WHEN 'it' THEN 'newsdigest_it'::regconfig
        WHEN 'nl' THEN 'newsdigest_nl'::regconfig
        WHEN 'sv' THEN 'newsdigest_sv'::regconfig
        WHEN 'da' THEN 'newsdigest_da'::regconfig
        WHEN 'no' THEN 'newsdigest_no'::regconfig
        WHEN 'fi' THEN 'newsdigest_fi'::regconfig
        WHEN 'tr' THEN 'newsdigest_tr'::regconfig
        WHEN 'id' THEN 'newsdigest_id'::regconfig
        WHEN 'ro' THEN 'newsdigest_ro'::regconfig
        WHEN 'hu' THEN 'newsdigest_hu'::regconfig
        WHEN 'ca' THEN 'newsdigest_ca'::regconfig
        WHEN 'lt' THEN 'newsdigest_lt'::regconfig
        WHEN 'ru' THEN 'newsdigest_ru'::regconfig
        WHEN 'sr' THEN 'newsdigest_sr'::regconfig
        WHEN 'el' THEN 'newsdigest_el'::regconfig
        WHEN 'ar' THEN 'newsdigest_ar'::regconfig
        WHEN 'hy' THEN 'newsdigest_hy'::regconfig
        WHEN 'hi' THEN 'newsdigest_hi'::regconfig
        WHEN 'ne' THEN 'newsdigest_ne'::regconfig
        WHEN 'ta' THEN 'newsdigest_ta'::regconfig
        WHEN 'eu' THEN 'newsdigest_eu'::regconfig
        WHEN 'ga' THEN 'newsdigest_ga'::regconfig
        WHEN 'yi' THEN 'newsdigest_yi'::regconfig
        ELSE 'newsdigest_simple'::regconfig
    END;

-- Every configuration a row may be searched with (newsdigest_term asks each).
CREATE FUNCTION newsdigest_configs() RETURNS regconfig[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY['newsdigest'::regconfig, 'newsdigest_simple'::regconfig, 'newsdigest_de'::regconfig, 'newsdigest_fr'::regconfig, 'newsdigest_es'::regconfig, 'newsdigest_pt'::regconfig, 'newsdigest_it'::regconfig, 'newsdigest_nl'::regconfig, 'newsdigest_sv'::regconfig, 'newsdigest_da'::regconfig, 'newsdigest_no'::regconfig, 'newsdigest_fi'::regconfig, 'newsdigest_tr'::regconfig, 'newsdigest_id'::regconfig, 'newsdigest_ro'::regconfig, 'newsdigest_hu'::regconfig, 'newsdigest_ca'::regconfig, 'newsdigest_lt'::regconfig, 'newsdigest_ru'::regconfig, 'newsdigest_sr'::regconfig, 'newsdigest_el'::regconfig, 'newsdigest_ar'::regconfig, 'newsdigest_hy'::regconfig, 'newsdigest_hi'::regconfig, 'newsdigest_ne'::regconfig, 'newsdigest_ta'::regconfig, 'newsdigest_eu'::regconfig, 'newsdigest_ga'::regconfig, 'newsdigest_yi'::regconfig];

-- Every pair of adjacent words of a vector, as lexemes without positions ('a b'). Words are laid out by position
-- in an array, then read in pairs: ~0.3 ms for a 500-word article (a self-join of the positions cost twice that).
CREATE FUNCTION newsdigest_pairs(v tsvector) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $body$
DECLARE
    words text[] := '{}';
    pairs text[] := '{}';
    r record;
    p int;
BEGIN
    FOR r IN SELECT u.lexeme, u.positions FROM unnest(v) u LOOP
        FOREACH p IN ARRAY r.positions LOOP
            words[p] := r.lexeme;
        END LOOP;
    END LOOP;
    FOR p IN 1 .. COALESCE(array_upper(words, 1), 0) - 1 LOOP
        IF words[p] IS NOT NULL AND words[p + 1] IS NOT NULL THEN
            pairs := pairs || (words[p] || ' ' || words[p + 1]);
        END IF;
    END LOOP;
    RETURN array_to_tsvector(pairs);
END
$body$;

-- The whole-article vector: headline A, key points B, body D, in the row's language, and its word pairs.
CREATE FUNCTION newsdigest_vector(language text, title text, key_points text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    SELECT v || newsdigest_pairs(v) FROM (
        SELECT setweight(to_tsvector(newsdigest_config(language), title), 'A')
            || setweight(to_tsvector(newsdigest_config(language), key_points), 'B')
            || setweight(to_tsvector(newsdigest_config(language), body), 'D') AS v
    ) s
);

-- A query's phrases ('a' <-> 'b' <-> 'c', as tsquery prints them) rewritten to need their word pairs: two words
-- become the pair alone (exact: the pair is in a vector only where the words are adjacent), more words their
-- pairs AND the phrase itself (whose positions are then read only for rows holding every pair).
CREATE FUNCTION newsdigest_phrase_pairs(q tsquery) RETURNS tsquery LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $body$
DECLARE
    chain constant text := $re$'(?:[^']|'')*'(?: <-> '(?:[^']|'')*')+$re$;
    source text := q::text;
    pieces text[];
    found text[];
    words text[];
    pairs text[];
    result text;
    i int;
    j int;
BEGIN
    IF strpos(source, '<->') = 0 THEN
        RETURN q;
    END IF;
    pieces := regexp_split_to_array(source, chain);
    result := pieces[1];
    i := 1;
    FOR found IN SELECT regexp_matches(source, chain, 'g') LOOP
        SELECT array_agg(m[1]) INTO words FROM regexp_matches(found[1], $re$'((?:[^']|'')*)'$re$, 'g') m;
        pairs := '{}';
        FOR j IN 1 .. array_length(words, 1) - 1 LOOP
            pairs := pairs || ('''' || words[j] || ' ' || words[j + 1] || '''');
        END LOOP;
        IF array_length(words, 1) = 2 THEN
            result := result || pairs[1];
        ELSE
            result := result || '( ' || array_to_string(pairs, ' & ') || ' & ' || found[1] || ' )';
        END IF;
        i := i + 1;
        result := result || pieces[i];
    END LOOP;
    RETURN result::tsquery;
END
$body$;

CREATE AGGREGATE newsdigest_or(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);

-- One term of a query (a quoted word or phrase in to_tsquery syntax, maybe with :*), as every configuration
-- reads it, phrases as pairs, the distinct readings ORed: 'häuser' is 'hauser' | 'haus'. bot.store.pgsearch
-- joins the terms with && || !! as the parsed query says. (Per term, not the whole query per configuration:
-- the GIN scan shares no entry between two copies of a word, so a common word asked once per configuration
-- would be read 29 times.)
CREATE FUNCTION newsdigest_term(term text) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
    SELECT COALESCE(newsdigest_or(DISTINCT newsdigest_phrase_pairs(to_tsquery(c, term))), ''::tsquery)
    FROM unnest(newsdigest_configs()) c
);

-- The vectors, generated again with the row's language (the small headline and key-point vectors, used for
-- ranking and story clustering, stay in the one `newsdigest` configuration). Dropping a column drops its index.
ALTER TABLE articles DROP COLUMN search;
ALTER TABLE articles ADD COLUMN search tsvector COMPRESSION lz4
    GENERATED ALWAYS AS (newsdigest_vector(language, title, key_points, body)) STORED;
CREATE INDEX articles_search ON articles USING gin (search, id);

-- A whole /find in one statement (one round trip; bot.store.search decides what it asks):
-- 1. the ids of the newest `wanted` matches of q, asked over a window of the newest ids: 4,096 first; then one
--    as wide as the last window's share of matches says `wanted` need (a quarter more, at least 4 times wider),
--    until enough are found; or the whole archive without an id bound, when that is most of it or cheaper
--    (a common word is answered from the newest few thousand articles, a rare one from its own few matches);
-- 2. the page of the first wanted - 1 of them, ranked: 1 + boosts when the headline / key points hold any of
--    `words`, over the age decay (as SQLite's search);
-- 3. each shown hit's snippets, in its own configuration.
-- A last row with a NULL id carries how many matched (up to `wanted`). Only the search index may answer the
-- window queries (index scans off): the planner counts a row's tsvector test as cheap, not knowing that it
-- reads the TOASTed vector, and would otherwise walk the rows by id testing each (20-60 ms at 10k articles).
CREATE FUNCTION newsdigest_find(
    q tsquery, match_text text, words tsquery, first_id bigint, since text, source_ids bigint[], wanted int,
    now text, title_boost float8, key_points_boost float8, half_life_days float8, page_limit int,
    page_offset int, snippet_chars int, headline_options text
) RETURNS TABLE (
    id bigint, title text, published text, arrived_at text, url text, source_name text, score float8,
    body_snippet text, key_points_snippet text, total int
)
LANGUAGE plpgsql STABLE
SET enable_seqscan = off SET cpu_operator_cost = 0.5 SET jit = off SET max_parallel_workers_per_gather = 0
AS $body$
#variable_conflict use_column
DECLARE
    newest bigint;
    span bigint := 4096;
    low bigint;
    found bigint[];
    n int;
    all_matches float8;
    filters text;
BEGIN
    SELECT a.id INTO newest FROM articles a ORDER BY a.id DESC LIMIT 1;
    newest := COALESCE(newest, 0);
    PERFORM set_config('enable_indexscan', 'off', true);
    -- The filters are written only when given: a source test inside an OR was a filter on every matching row
    -- (24 s for a common word in the smallest source at 1M), written alone the planner ANDs the bitmaps of
    -- the search and source indexes. EXECUTE plans each window with its values.
    filters := CASE WHEN since IS NULL THEN '' ELSE
            ' AND COALESCE(LEAST(a.published_sort, a.arrived_at), a.arrived_at) >= $3' END
        || CASE WHEN source_ids IS NULL THEN '' ELSE ' AND a.source_id = ANY ($4)' END;
    LOOP
        low := GREATEST(newest - span, first_id - 1);
        EXECUTE 'SELECT array_agg(m.id ORDER BY m.id DESC) FROM (SELECT w.id FROM (SELECT a.id FROM articles a'
            || ' WHERE a.search @@ $1' || CASE WHEN low > 0 THEN ' AND a.id > $2' ELSE '' END || filters
            || ' OFFSET 0) w ORDER BY w.id DESC LIMIT $5) m'
            INTO found USING q, low, since, source_ids, wanted;
        n := COALESCE(array_length(found, 1), 0);
        EXIT WHEN n >= wanted OR low < first_id OR low <= 0;
        -- Next: a window as wide as this one's share of matches says `wanted` need, a quarter more (at least 4
        -- times this one), or no id bound at all when that is cheaper: the id bound costs a GIN entry per id
        -- of the window (~1/10 of a row fetched), no bound a row fetched per match in the whole archive.
        all_matches := n::float8 * (newest - first_id) / GREATEST(newest - low, 1);
        span := GREATEST(span * 4, span * wanted * 5 / (4 * GREATEST(n, 1)));
        IF span > (newest - first_id) * 3 / 4 OR all_matches <= span / 10.0 + wanted THEN
            span := newest;
        END IF;
    END LOOP;
    PERFORM set_config('enable_indexscan', 'on', true);
    IF n > 0 THEN
        RETURN QUERY
        WITH r AS (
            SELECT a.id, -(1.0::float8 + title_boost * (a.title_search @@ words)::int
                    + key_points_boost * (a.key_points_search @@ words)::int)
                / (1.0::float8 + GREATEST(0.0::float8, extract(epoch FROM (now::timestamp
                    - (COALESCE(LEAST(a.published_sort, a.arrived_at), a.arrived_at))::timestamp))::float8 / 86400.0)
                    / half_life_days) AS score
            FROM articles a WHERE a.id = ANY (found[1:wanted - 1])
            ORDER BY score, a.id DESC LIMIT page_limit OFFSET page_offset
        )
        SELECT a.id, a.title, a.published, a.arrived_at::text, a.url, s.name, r.score,
            ts_headline(c.cfg, left(a.body, snippet_chars), to_tsquery(c.cfg, match_text), headline_options),
            ts_headline(c.cfg, a.key_points, to_tsquery(c.cfg, match_text), headline_options), n
        FROM r JOIN articles a ON a.id = r.id JOIN sources s ON s.id = a.source_id,
            LATERAL (SELECT newsdigest_config(a.language) AS cfg) c
        ORDER BY r.score, r.id DESC;
    END IF;
    RETURN QUERY SELECT NULL::bigint, NULL, NULL, NULL, NULL, NULL, NULL::float8, NULL, NULL, n;
END
$body$;
