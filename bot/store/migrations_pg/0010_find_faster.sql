-- /find at a million articles, second pass (issue 13): newsdigest_find (0009) with the same signature, results and
-- plan shape, but three costs measured at 1M articles taken out (server CPU per search, bench/README.md):
--
-- 1. Windows that fell just short. After a window with too few matches the next was at least 4 times wider, and
--    a rare word's second window (~170,000 ids, its blocks' ids put in a bitmap: ~6 ms) was often followed by the
--    whole archive all the same. The next window is now 1.5 times wider at least when the last one held a fair
--    sample (64 matches or more), 4 times otherwise, and its cost is weighed at 1/40 of a row per id (measured),
--    not 1/64: "vemorlintis" 14 -> 9 ms, "candidate Tallinn" 12 -> 6 ms of server CPU.
-- 2. The since filter read each matching row's two dates out of line (two TOAST fetches a row, for every match
--    of every window: 20-35 ms with since 30 days). They are now read from articles_rank alone (index-only), over
--    the window's ids only.
-- 3. The ranking's dates: a common word's 500 candidates are nearly consecutive ids, read as one range of
--    articles_rank instead of 500 descents; and the snippet's excerpt finds the first searched word with a
--    case-insensitive regular expression instead of lower-casing up to 30,000 characters of the body first
--    (lower() cost ~0.08 ms a hit, the match itself ~0.03 ms; positions are those of the body itself).
--
-- Nothing is rebuilt: the migration replaces two functions (instant, whatever the archive's size).

CREATE OR REPLACE FUNCTION newsdigest_excerpt(body text, pattern text, width int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN substr(body, GREATEST(1, COALESCE(NULLIF(regexp_instr(left(body, 30000), pattern, 1, 1, 0, 'i'), 0), 1)
    - width / 5), width);

CREATE OR REPLACE FUNCTION newsdigest_find(
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
    dense boolean;
    -- An exclusion's matches are few among its positive word's, but the search index reads both words' whole
    -- posting lists to find them: the whole archive costs what all of them do, not a row per match. A window of
    -- up to a quarter of the archive is asked first (wider, its ids cost more than the lists: "power -rules" in
    -- a source of 0.4 % of the articles, 456,000 ids, 24 ms; the whole archive 12 ms).
    excluding constant boolean := strpos(q::text, '!') > 0;
BEGIN
    SELECT a.id INTO newest FROM articles a ORDER BY a.id DESC LIMIT 1;
    newest := COALESCE(newest, 0);
    PERFORM set_config('enable_indexscan', 'off', true);
    -- The filters are written only when given (a test inside an OR is a filter on every matching row).
    -- EXECUTE plans each window with its values.
    filters := CASE WHEN source_ids IS NULL THEN '' ELSE ' AND a.source_id = ANY ($4)' END;
    IF since IS NOT NULL THEN
        -- since's dates are read from articles_rank alone (index-only: they are out of line in the row), over
        -- the window's ids; the matches still come from the search index (the only index a window can use).
        PERFORM set_config('enable_indexscan', 'on', true);
    END IF;
    LOOP
        low := GREATEST(newest - span, first_id - 1);
        EXECUTE 'SELECT array_agg(m.id ORDER BY m.id DESC), array_agg(m.ctid ORDER BY m.id DESC) FROM (SELECT w.id,'
            || ' w.ctid FROM (SELECT a.id, a.ctid FROM articles a'
            || ' WHERE a.search @@ $1' || CASE WHEN low > 0 THEN ' AND a.id / 1024 >= $2' ELSE '' END || filters
            || ' OFFSET 0) w' || CASE WHEN since IS NULL THEN '' ELSE
                ' WHERE w.id IN (SELECT r.id FROM articles r WHERE r.id + 0 >= $6'
                || ' AND COALESCE(LEAST(r.published_sort, r.arrived_at), r.arrived_at) >= $3)' END
            || ' ORDER BY w.id DESC LIMIT $5) m'
            INTO found, tids USING q, low / 1024, since, source_ids, wanted, GREATEST(low / 1024 * 1024, first_id);
        n := COALESCE(array_length(found, 1), 0);
        EXIT WHEN n >= wanted OR low < first_id OR low <= 0;
        -- Next: a window as wide as this one's share of matches says `wanted` need, a third more (at least 1.5
        -- times this one when 64 or more matched, a fair sample; 4 times otherwise), or no bound at all when that
        -- is most of the archive or cheaper: a window costs ~1/40 of a match's row per id it spans (the ids of
        -- its blocks are put in a bitmap), no bound a row per match in the whole archive (measured at 1M:
        -- 163,000 ids 5.8 ms, 2,760 matches' rows 4.3 ms).
        all_matches := n::float8 * (newest - first_id) / GREATEST(newest - low, 1);
        span := GREATEST(span * CASE WHEN n >= 64 THEN 3 WHEN n > 0 THEN 8 ELSE 16 END / 2,
            span * wanted * 4 / (3 * GREATEST(n, 1)));
        IF span > (newest - first_id) * 3 / 4 OR (all_matches <= span / 40.0 + wanted * 1.25
                AND NOT (excluding AND span <= (newest - first_id) / 4)) THEN
            span := newest;
        END IF;
    END LOOP;
    -- The ranking reads the dates from articles_age alone (index-only); the windows' dear operators would make
    -- the planner read them from the rows, out of line.
    PERFORM set_config('enable_indexscan', 'on', true);
    PERFORM set_config('cpu_operator_cost', '0.0025', true);
    -- A range of articles_rank costs ~1/20 of a descent per id: read as a range when the ids are dense.
    dense := found[1] - found[LEAST(n, wanted - 1)] < 8 * n;
    IF n > 0 THEN
        RETURN QUERY
        -- Two scans planned on their own (MATERIALIZED), not a merge join of two walks of the primary key: the
        -- dates from articles_rank alone (index-only: they are out of line in the row; one range scan when the
        -- candidates are dense, as a common word's are, one descent each otherwise), the two small vectors
        -- (in line) from the rows, fetched by the addresses the window's scan saw (the function is STABLE: its
        -- statements share one snapshot, so those row versions are the ones it sees).
        WITH d AS MATERIALIZED (
            SELECT a.id, COALESCE(LEAST(a.published_sort, a.arrived_at), a.arrived_at) AS day
            FROM articles a WHERE a.id + 0 = ANY (found[1:wanted - 1]) AND NOT dense
            UNION ALL
            SELECT a.id, COALESCE(LEAST(a.published_sort, a.arrived_at), a.arrived_at) AS day
            FROM articles a WHERE a.id + 0 BETWEEN found[LEAST(n, wanted - 1)] AND found[1] AND dense
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
