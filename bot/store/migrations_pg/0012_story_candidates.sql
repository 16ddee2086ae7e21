-- A headline's story candidates in the one statement that finds its matches (issue 13: ingest by batch,
-- bot/store/pgbatch.py).
--
-- 0011's newsdigest_title_matches returned the ids of a headline's newest 200 matches; the batch statement
-- then joined every one of them back to `articles` for its arrival time, story and headline, to keep the
-- newest 20 inside the story window: 200 row fetches a headline for 20 rows kept (74 ms of the story lookup's
-- 81-90 ms for a batch of 200 headlines at 2,000 articles). The scan that finds the matches already reads each
-- matching row, so the candidates, with each one's rank among the matches, come from it: the same rows in the
-- same order (24 ms for the same batch). Planned per call with the words as a literal, as 0011's was.
DROP FUNCTION newsdigest_title_matches(tsquery, integer);

CREATE FUNCTION newsdigest_story_candidates(words tsquery, since text, matches integer, kept integer)
RETURNS TABLE (story_id bigint, title text, rank bigint) LANGUAGE plpgsql STABLE STRICT AS $fn$
BEGIN
    RETURN QUERY EXECUTE format(
        'SELECT m.story_id, m.title, m.rank FROM ('
        '  SELECT a.id, a.story_id, a.title, a.arrived_at, row_number() OVER (ORDER BY a.id DESC) AS rank FROM ('
        '    SELECT id, story_id, title, arrived_at FROM articles WHERE title_search @@ %L::tsquery'
        '    ORDER BY id DESC LIMIT %s'
        '  ) a'
        ') m WHERE m.arrived_at >= %L ORDER BY m.id DESC LIMIT %s',
        words::text, matches, since, kept);
END
$fn$;
