-- The story candidates of a Chinese or Japanese headline, ranked by the pairs they share with it (bot/store/
-- articles.py, pgbatch.py). 0012's newsdigest_story_candidates keeps the newest 20 of a headline's newest 200
-- matches: a headline of character pairs matches every headline holding any of its common pairs ("北京",
-- "政府"), and in a busy archive the newest 20 of those crowded out the earlier telling of its own story. Here
-- the newest `matches` matches inside the window are ranked by ts_rank (the more of the query's pairs a headline
-- holds, the higher), then newest first: the first `kept` are the candidates. Each row also gives its id (the
-- batch merges its own earlier headlines in by the same order), its place among the matches and its score.
CREATE FUNCTION newsdigest_story_candidates_ranked(words tsquery, since text, matches integer, kept integer)
RETURNS TABLE (id bigint, story_id bigint, title text, rank bigint, score real) LANGUAGE plpgsql STABLE STRICT AS $fn$
BEGIN
    RETURN QUERY EXECUTE format(
        'SELECT m.id, m.story_id, m.title, m.rank, m.score FROM ('
        '  SELECT a.id, a.story_id, a.title, a.arrived_at, ts_rank(a.title_search, %L::tsquery) AS score,'
        '    row_number() OVER (ORDER BY a.id DESC) AS rank FROM ('
        '    SELECT id, story_id, title, arrived_at, title_search FROM articles WHERE title_search @@ %L::tsquery'
        '    ORDER BY id DESC LIMIT %s'
        '  ) a'
        ') m WHERE m.arrived_at >= %L ORDER BY m.score DESC, m.id DESC LIMIT %s',
        words::text, words::text, matches, since, kept);
END
$fn$;
