-- An article's body is compressed with lz4, as its search vector is (0005, 0014), instead of pglz, the server's
-- default: a body over ~2 KB (82 % of the bench's drop files: 3.6 KB on average) is compressed by the write, on
-- the writer's connection that every batch waits for. Measured (bench/README.md, tenth round): 10,000 stored
-- bodies inserted again into a bare table, 0.045 ms a row with pglz and 0.017 with lz4; whole rows with their
-- indexes and vectors given (`python -m bench.pg_write_parts`), 0.425 against 0.405 ms. lz4 keeps 12 % more body
-- bytes (1.8 -> 2.0 KB a body; the table with its indexes 2.5 % more) and reads back faster (/find's snippets,
-- digests). Metadata only: stored bodies keep their pglz values,
-- which read as before; new and updated ones are lz4. The stored text is the same either way.
ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4;
