-- Ingest CPU (pgcpu29, bench/README.md): 0018, 0020 and 0021 put three passes in front of every to_tsvector of an
-- article (its vector's headline, key points and body, then the search trigger's headline and key-point vectors,
-- then the batch's story lookup): the compatibility forms' test (a call of a SQL function that is never inlined:
-- it holds a subquery), the scripts' test (a PL/pgSQL call) and the spacing's regexp_replace. On text holding none
-- of their characters, which is nearly every article outside Asia, all three return the text as it is, for ~0.07 ms
-- of the server's CPU an article of the bench corpus. One test first of every character any of them changes or
-- sets apart (bot.text.cjk: FOLD_CLASS, SCRIPT_FOLD_CLASS, SPACED_CLASS and PHRASED_MARKS, one class, spelled below
-- in escapes) returns such text at once; any other text takes 0021's three passes as before. The same text in,
-- the same text out, so every stored vector stays as it is and nothing is rewritten
-- (tests/test_pg_search_plain.py checks the function and the vectors against 0021's on every script).
-- The function is no longer STRICT, so that the planner inlines it where it is called (a CASE is not strict: a
-- STRICT SQL function holding one is called, ~2 us a call): a NULL still gives NULL, by the passes' own
-- strictness.
CREATE OR REPLACE FUNCTION newsdigest_cjk_spaced(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN t !~ '[\u0110-\u0111\u0131\u0386\u0388-\u038a\u038c\u038e-\u0390\u03aa-\u03b0\u03c2\u03ca-\u03ce\u03d3-\u03d4\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7\u0649\u064b-\u065f\u0670\u06a9\u06cc\u0e01-\u0e3a\u0e40-\u0e4e\u0e81-\u0e82\u0e84\u0e86-\u0e8a\u0e8c-\u0ea3\u0ea5\u0ea7-\u0ebd\u0ec0-\u0ec4\u0ec6\u0ec8-\u0ecd\u1000-\u103f\u1050-\u109d\u1100-\u11ff\u1780-\u17d3\u17d7\u17dc-\u17dd\u1f00-\u1f15\u1f18-\u1f1d\u1f20-\u1f45\u1f48-\u1f4d\u1f50-\u1f57\u1f59\u1f5b\u1f5d\u1f5f-\u1f7d\u1f80-\u1fb4\u1fb6-\u1fbc\u1fbe\u1fc2-\u1fc4\u1fc6-\u1fcc\u1fd0-\u1fd3\u1fd6-\u1fdb\u1fe0-\u1fec\u1ff2-\u1ff4\u1ff6-\u1ffc\u2e80-\u2fdf\u3000\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3105-\u312f\u3131-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uffdc\U0001b000-\U0001b16f\U00020000-\U0003134f]' THEN t
ELSE regexp_replace(newsdigest_search_folded(newsdigest_compat_folded(t)), '([\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3041-\u30ff\u3105-\u312f\u3131-\u318f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\U0001b000-\U0001b16f\U00020000-\U0003134f\u1100-\u11ff\u0e01-\u0e30\u0e32-\u0e33\u0e40-\u0e46\u0e81-\u0e82\u0e84\u0e86-\u0e8a\u0e8c-\u0ea3\u0ea5\u0ea7-\u0eb0\u0eb2-\u0eb3\u0ebd\u0ec0-\u0ec4\u0ec6\u1000-\u102a\u103f\u1050-\u1055\u105a-\u105d\u1061\u1065-\u1066\u106e-\u1070\u1075-\u1081\u108e\u1090-\u1099\u1780-\u17b3\u17d7\u17dc])|[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d\u17b4-\u17d3\u17dd]', E'\x1f\\1\x1f', 'g')
END;
