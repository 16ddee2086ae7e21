-- The whole-article search vector computed ahead of the write, on another connection (issue 13's ingest).
--
-- An ingest stores its batches one at a time, in order, and a batch's INSERT spent ~0.8 ms an article of the
-- server's time computing `search` (newsdigest_vector, 0005/0008), while the next batches waited: the writer's
-- connection was the ingest's wall, with the other core half idle. Now the ingest has the server compute the
-- next batch's vectors on a pooled connection while the batch before it is written, into `staged_vectors`,
-- and the write takes them from there (bot.store.pgbatch, STAGE_SQL and _WRITE_SQL).
--
-- `search` becomes a plain column kept by a trigger with the same value the generated column had:
-- * an INSERT without a vector (every path but the batch write, and the batch write when a vector was not
--   staged) computes it, as the generated column did;
-- * an INSERT with a vector keeps it: only the batch write gives one, staged by newsdigest_vector over the very
--   values it inserts;
-- * an UPDATE of language, title, key_points, body or search itself computes it again, so no UPDATE can set
--   the vector to anything else.
-- DROP EXPRESSION keeps every stored vector and every index: no row is rewritten (IF EXISTS: a database bulk
-- loaded by bench/pgload.py has the column plain already).
--
-- A vector is compressed as `articles.search` is (lz4), so the write stores it as it was staged: 1,000 bench
-- vectors cost 0.81 ms each to stage and 0.026 to take and write, against 0.82 computed in the write; stored
-- uncompressed (STORAGE EXTERNAL) they cost 0.84 and 0.041.
--
-- `staged_vectors` is UNLOGGED: nothing of it is worth a WAL record, and after a crash it is empty, which only
-- means the next writes compute their vectors themselves. A vector that no write takes (a batch stored file by
-- file after an error, a process stopped between the two) is swept by a later staging after ten minutes.
CREATE UNLOGGED TABLE staged_vectors (
    token     bigint NOT NULL,
    o         int NOT NULL,
    v         tsvector COMPRESSION lz4 NOT NULL,
    staged_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (token, o)
);

ALTER TABLE articles ALTER COLUMN search DROP EXPRESSION IF EXISTS;

CREATE FUNCTION newsdigest_search_row() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.search IS NOT NULL THEN
        RETURN NEW;
    END IF;
    NEW.search := newsdigest_vector(NEW.language, NEW.title, NEW.key_points, NEW.body);
    RETURN NEW;
END
$body$;

CREATE TRIGGER articles_search BEFORE INSERT OR UPDATE OF language, title, key_points, body, search ON articles
    FOR EACH ROW EXECUTE FUNCTION newsdigest_search_row();
