-- The story candidates of a Chinese or Japanese headline, ranked by how many of its pairs they hold (bot/store/
-- articles.py, pgbatch.py). 0012's newsdigest_story_candidates keeps the newest 20 of the newest 200 headlines
-- matching any of its words: a headline of character pairs matches every headline holding any of its common
-- pairs ("北京", "政府"), and in a busy archive those crowded out the earlier telling of its own story. Here each
-- word (a tsquery of its own) finds its newest `per_word` matches; a headline found by more of them ranks higher,
-- then the newer; those inside the window are kept, the first `kept` of them. A word's newest matches are a
-- bound on the work whatever the archive holds; a telling of the story holds the headline's rarer pairs too,
-- whose newest matches are few.
CREATE FUNCTION newsdigest_story_candidates_ranked(words tsquery[], since text, per_word integer, kept integer)
RETURNS TABLE (id bigint, story_id bigint, title text, hits bigint) LANGUAGE plpgsql STABLE STRICT AS $fn$
BEGIN
    IF cardinality(words) = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT a.id, a.story_id, a.title, h.hits FROM ('
        '  SELECT m.id, count(*) AS hits FROM (%s) m GROUP BY m.id'
        ') h JOIN articles a ON a.id = h.id WHERE a.arrived_at >= %L ORDER BY h.hits DESC, a.id DESC LIMIT %s',
        (SELECT string_agg(format(
            '(SELECT id FROM articles WHERE title_search @@ %L::tsquery ORDER BY id DESC LIMIT %s)', w::text, per_word
        ), ' UNION ALL ') FROM unnest(words) AS w),
        since, kept);
END
$fn$;
