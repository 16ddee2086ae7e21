-- Ingest CPU (pgcpu29, bench/README.md): every configuration (0001, 0005) reads a word with unaccent, then its
-- stemmer. unaccent looks each character of a word up in its rules and, where it replaced nothing, gives nothing:
-- the stemmer then reads the word as written. The parser's ASCII tokens (asciiword, asciihword, hword_asciipart:
-- ASCII letters only) hold no character the rules replace, so unaccent never changes them; it cost ~8 % of the
-- instructions of a to_tsvector of English text all the same (six of them an article: its vector's three, the
-- trigger's two, the story lookup's). Those three token types now go to the stemmer (or `simple`) alone: the same
-- lexemes from every text and every search term, so no stored vector changes and nothing is rewritten
-- (tests/test_pg_search_plain.py checks the vectors and queries against the configurations before, in every
-- configuration and script). Words with any other letter (word, hword, hword_part) keep unaccent.
-- unaccent's rules are the server's file: a server whose rules replace some ASCII character or pair of characters
-- keeps every configuration as it was.
DO $$
DECLARE
    ascii constant text := (SELECT string_agg(chr(i), '') FROM generate_series(1, 127) i);
    pairs constant text := (
        SELECT string_agg(chr(a) || chr(b), ' ') FROM generate_series(33, 126) a, generate_series(33, 126) b
    );
    c regconfig;
    stemmer regdictionary;
BEGIN
    IF unaccent('unaccent', ascii) <> ascii OR unaccent('unaccent', pairs) <> pairs THEN
        RETURN;
    END IF;
    FOREACH c IN ARRAY newsdigest_configs() LOOP
        SELECT m.mapdict INTO STRICT stemmer
        FROM pg_ts_config_map m JOIN ts_token_type('default') t ON t.tokid = m.maptokentype
        WHERE m.mapcfg = c AND t.alias = 'asciiword' AND m.mapseqno = 2;
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION %s ALTER MAPPING FOR asciiword, asciihword, hword_asciipart'
            ' WITH %s', c, stemmer);
    END LOOP;
END
$$;
