-- /find at a million articles (issue 13): every step of newsdigest_find answered from an index, never from a
-- row's TOASTed values. Three costs measured at 100k articles (EXPLAIN (ANALYZE, BUFFERS), bench/README.md):
--
-- 1. A window of the newest ids was planned as the primary key's bitmap for `id > low` with the match as a
--    filter, which detoasts every row's whole-article vector (~8 kB): "council", found in nine articles of ten,
--    cost 92 ms for its first window of 4,096 ids. The search index now holds, beside the vector, the source
--    and the id's block of 1,024 (id / 1024): a window is a range of blocks, which only the search index can
--    answer, together with the match, and which costs one index entry per 1,024 ids (the id itself cost one
--    per id: a window of 200,000 ids was dearer than reading every match of the archive). A source filter
--    drops rows in the index, not after reading them.
-- 2. Ranking the 500 candidates read each one's dates, which the narrow rows (toast_tuple_target = 256) keep
--    out of line: two TOAST fetches a row, ~6,600 buffers and 8-18 ms. The dates now come from a covering
--    index alone (index-only), articles_rank: keyed by id + 0 so that the primary key, which the planner
--    costs alike (ids follow the table's order), cannot be chosen instead of it; the headline and key-point
--    tests from the row (those two small vectors are stored in line, STORAGE MAIN): under 1 ms at 100k.
-- 3. Snippets parsed the body's first 3,000 characters with ts_headline (~0.6 ms a row). They now parse a
--    window of the body around the first occurrence of a searched word (newsdigest_excerpt), wherever it is,
--    as FTS5's snippet does; the body's start when no occurrence is found, as before.
DROP INDEX articles_search;
CREATE INDEX articles_search ON articles USING gin (search, source_id, (id / 1024));
CREATE INDEX articles_rank ON articles ((id + 0)) INCLUDE (id, published_sort, arrived_at);

-- A regular expression finding the first occurrence of any of `words` (the searched terms as typed, lower case;
-- a trailing * marks a prefix, a space separates the words of a phrase) in text of configuration `cfg`. Each word
-- is matched by the part it shares with its stem in that configuration (so "taxes" finds "tax" and "taxation",
-- "Häuser" finds "häuser" and "haus"), followed by any letters; the words of a phrase follow one another.
-- NULL when no word has a letter or digit.
CREATE FUNCTION newsdigest_excerpt_pattern(cfg regconfig, words text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    SELECT '\m(' || string_agg(phrase, '|') || ')'
    FROM (
        SELECT string_agg(
                regexp_replace(left(w, GREATEST(shared, LEAST(length(w), 3))), '([[:punct:]])', '\\\1', 'g')
                    || '[[:alnum:]]*',
                '[^[:alnum:]]+' ORDER BY n) AS phrase
        FROM (
            SELECT t.k, p.n, p.w,
                (SELECT COALESCE(MAX(i), 0) FROM generate_series(1, length(p.w)) i
                    WHERE left(unaccent(p.w), i) = left(COALESCE(s.lexeme, p.w), i)) AS shared
            FROM unnest(words) WITH ORDINALITY t (term, k),
                regexp_split_to_table(rtrim(lower(t.term), '*'), '\s+') WITH ORDINALITY p (w, n),
                LATERAL (SELECT u.lexeme FROM unnest(to_tsvector(cfg, p.w)) u LIMIT 1) s
            WHERE p.w ~ '[[:alnum:]]'
        ) x
        GROUP BY k
    ) y
);

-- The part of `body` a snippet is made from: `width` characters from a little before the first occurrence of a
-- searched word (pattern from newsdigest_excerpt_pattern), looked for in the first 30,000 characters; the
-- body's first `width` characters when there is none.
CREATE FUNCTION newsdigest_excerpt(body text, pattern text, width int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN substr(body, GREATEST(1, COALESCE(NULLIF(regexp_instr(lower(left(body, 30000)), pattern), 0), 1) - width / 5),
    width);

-- A term's readings, deduplicated before their phrases are rewritten as pairs (29 configurations read a word
-- in a few distinct ways; the rewrite, regular expressions in PL/pgSQL, was run 29 times a phrase).
CREATE OR REPLACE FUNCTION newsdigest_term(term text) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
    SELECT COALESCE(newsdigest_or(newsdigest_phrase_pairs(r.q)), ''::tsquery)
    FROM (SELECT DISTINCT to_tsquery(c, term) AS q FROM unnest(newsdigest_configs()) c) r
);

DROP FUNCTION newsdigest_find(tsquery, text, tsquery, bigint, text, bigint[], int, text, float8, float8, float8, int,
    int, int, text);

-- A whole /find in one statement (one round trip; bot.store.search decides what it asks):
-- 1. the ids of the newest `wanted` matches of q, asked over a window of the newest ids: 4,096 first; then one
--    as wide as the last window's share of matches says `wanted` need (a quarter more, at least 4 times wider),
--    until enough are found, or the whole archive when that is most of it or cheaper. Each window is one bitmap
--    scan of the search index (match, blocks of 1,024 ids and sources together; a window starts at a block's
--    first id): rows are read only for their ids, never their vectors;
-- 2. the page of the first wanted - 1 of them, ranked: 1 + boosts when the headline / key points hold any of
--    `words`, over the age decay (as SQLite's search): dates from the covering index articles_rank;
-- 3. each shown hit's snippets, in its own configuration, from an excerpt around the first searched word (the
--    key points' only when the body's has no match).
-- A last row with a NULL id carries how many matched (up to `wanted`). Index scans are off for the windows (a
-- walk of the rows by id, testing each one's vector, is what they must never be).
CREATE FUNCTION newsdigest_find(
    q tsquery, match_text text, words tsquery, typed text[], first_id bigint, since text, source_ids bigint[],
    wanted int, now text, title_boost float8, key_points_boost float8, half_life_days float8, page_limit int,
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
    tids tid[];
    n int;
    all_matches float8;
    filters text;
BEGIN
    SELECT a.id INTO newest FROM articles a ORDER BY a.id DESC LIMIT 1;
    newest := COALESCE(newest, 0);
    PERFORM set_config('enable_indexscan', 'off', true);
    -- The filters are written only when given (a test inside an OR is a filter on every matching row).
    -- EXECUTE plans each window with its values.
    filters := CASE WHEN since IS NULL THEN '' ELSE
            ' AND COALESCE(LEAST(a.published_sort, a.arrived_at), a.arrived_at) >= $3' END
        || CASE WHEN source_ids IS NULL THEN '' ELSE ' AND a.source_id = ANY ($4)' END;
    LOOP
        low := GREATEST(newest - span, first_id - 1);
        EXECUTE 'SELECT array_agg(m.id ORDER BY m.id DESC), array_agg(m.ctid ORDER BY m.id DESC) FROM (SELECT w.id,'
            || ' w.ctid FROM (SELECT a.id, a.ctid FROM articles a'
            || ' WHERE a.search @@ $1' || CASE WHEN low > 0 THEN ' AND a.id / 1024 >= $2' ELSE '' END || filters
            || ' OFFSET 0) w ORDER BY w.id DESC LIMIT $5) m'
            INTO found, tids USING q, low / 1024, since, source_ids, wanted;
        n := COALESCE(array_length(found, 1), 0);
        EXIT WHEN n >= wanted OR low < first_id OR low <= 0;
        -- Next: a window as wide as this one's share of matches says `wanted` need, a quarter more (at least 4
        -- times this one), or no bound at all when that is most of the archive or cheaper: a window costs
        -- ~1/64 of a match's row per id it spans (the ids of its blocks are put in a bitmap), no bound a row
        -- per match in the whole archive (measured at 1M: 650,000 ids 5 ms, 2,870 matches' rows 1.5-2.5 ms).
        all_matches := n::float8 * (newest - first_id) / GREATEST(newest - low, 1);
        span := GREATEST(span * 4, span * wanted * 5 / (4 * GREATEST(n, 1)));
        IF span > (newest - first_id) * 3 / 4 OR all_matches <= span / 64.0 + wanted * 1.25 THEN
            span := newest;
        END IF;
    END LOOP;
    -- The ranking reads the dates from articles_age alone (index-only); the windows' dear operators would make
    -- the planner read them from the rows, out of line.
    PERFORM set_config('enable_indexscan', 'on', true);
    PERFORM set_config('cpu_operator_cost', '0.0025', true);
    IF n > 0 THEN
        RETURN QUERY
        -- Two scans planned on their own (MATERIALIZED), not a merge join of two walks of the primary key: the
        -- dates from articles_rank alone (index-only: they are out of line in the row), the two small vectors
        -- (in line) from the rows, fetched by the addresses the window's scan saw (the function is STABLE: its
        -- statements share one snapshot, so those row versions are the ones it sees).
        WITH d AS MATERIALIZED (
            SELECT a.id, COALESCE(LEAST(a.published_sort, a.arrived_at), a.arrived_at) AS day
            FROM articles a WHERE a.id + 0 = ANY (found[1:wanted - 1])
        ),
        h AS MATERIALIZED (  -- by the rows' addresses from the window's scan: no index descent
            SELECT a.id, (a.title_search @@ words) AS t, (a.key_points_search @@ words) AS k
            FROM articles a WHERE a.ctid = ANY (tids[1:wanted - 1])
        ),
        r AS (
            SELECT d.id, -(1.0::float8 + title_boost * h.t::int + key_points_boost * h.k::int)
                / (1.0::float8 + GREATEST(0.0::float8, extract(epoch FROM (now::timestamp - d.day::timestamp))::float8
                    / 86400.0) / half_life_days) AS score
            FROM d JOIN h ON h.id = d.id
            ORDER BY score, d.id DESC LIMIT page_limit OFFSET page_offset
        ),
        p AS MATERIALIZED (
            SELECT r.id, r.score, a.title, a.published, a.arrived_at, a.url, a.source_id, a.body, a.key_points,
                newsdigest_config(a.language) AS cfg
            FROM r JOIN articles a ON a.id = r.id
        ),
        f AS (  -- once per configuration on the page, not per hit (the pattern costs ~0.3 ms)
            SELECT l.cfg, newsdigest_excerpt_pattern(l.cfg, typed) AS pattern, to_tsquery(l.cfg, match_text) AS tq
            FROM (SELECT DISTINCT p.cfg FROM p) l
        )
        SELECT b.id, b.title, b.published, b.arrived_at::text, b.url, b.name, b.score, b.body_snippet,
            -- the key points' snippet is shown only when the body's has no match (search._pick_snippet); U+E000
            -- is StartSel in headline_options (search.MARK_START)
            CASE WHEN strpos(b.body_snippet, U&'\E000') = 0 THEN
                ts_headline(b.cfg, b.key_points, b.tq, headline_options)
            END, n
        FROM (
            SELECT p.*, s.name, f.tq,
                ts_headline(p.cfg, newsdigest_excerpt(p.body, f.pattern, snippet_chars), f.tq, headline_options)
                    AS body_snippet
            FROM p JOIN f ON f.cfg = p.cfg JOIN sources s ON s.id = p.source_id
            OFFSET 0  -- each snippet made once (a flattened subquery would repeat it in the CASE)
        ) b
        ORDER BY b.score, b.id DESC;
    END IF;
    RETURN QUERY SELECT NULL::bigint, NULL, NULL, NULL, NULL, NULL, NULL::float8, NULL, NULL, n;
END
$body$;
