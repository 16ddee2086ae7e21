-- A headline's newest matches, planned for its own words (issue 13: ingest by batch, bot/store/pgbatch.py).
--
-- The batch's story lookup asks, for each of its headlines, for the newest 200 stored headlines matching the
-- headline's words. Asked as a lateral subquery, the tsquery is a parameter and is planned for the generic
-- 0.5 % of rows: at 1M articles that is a newest-first scan of the primary key until 200 rows match, which
-- for a headline of rare words reads every row (0.4-0.6 s a headline on the bench's 1M database); on a young
-- table it is a bitmap of every match and a sort, growing with each batch (a 10,000-file first ingest spent
-- 3.7 ms of server CPU an article). Planned here with the words as a literal, each headline gets the plan its
-- own words call for, as the one-at-a-time path's constant query always did: the index's matches when they
-- are few, the newest-first scan when they are many.
CREATE OR REPLACE FUNCTION newsdigest_title_matches(words tsquery, how_many integer)
RETURNS TABLE (id bigint) LANGUAGE plpgsql STABLE STRICT AS $fn$
BEGIN
    RETURN QUERY EXECUTE format(
        'SELECT a.id FROM articles a WHERE a.title_search @@ %L::tsquery ORDER BY a.id DESC LIMIT %s',
        words::text, how_many);
END
$fn$;
