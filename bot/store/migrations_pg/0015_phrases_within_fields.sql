-- A phrase is found within the headline, within the key points or within the body, never across two of them, as
-- on SQLite (FTS5 matches a phrase within one column).
--
-- The whole-article vector (0005, 0008) joins the three fields with `||`, which numbers the right operand's words
-- on from the left's last position: the headline's last word and the first key point's first word were adjacent,
-- so their word pair ('bridge reopens' from "Harbour bridge" and "Reopens today ...") was in the vector, and a
-- search for "bridge reopens" found an article that says no such thing. A placeholder lexeme now sits one
-- position past each field's end and is deleted again: the positions keep the gap, and `newsdigest_pairs` pairs
-- only adjacent positions, so no pair spans two fields. Lexemes, weights and every pair within a field are as
-- before. The function is replaced in place: rows stored before keep their vectors (their few cross-field pairs
-- included) until their text is updated; new rows, staged or not (0014), get the new vector.
CREATE OR REPLACE FUNCTION newsdigest_vector(language text, title text, key_points text, body text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $body$
DECLARE
    config constant regconfig := newsdigest_config(language);
    gap constant tsvector := '''newsdigest field end'':1'::tsvector;  -- no text yields a lexeme with blanks
    v tsvector;
BEGIN
    v := ts_delete(
        setweight(to_tsvector(config, title), 'A') || gap
            || setweight(to_tsvector(config, key_points), 'B') || gap
            || setweight(to_tsvector(config, body), 'D'),
        'newsdigest field end'
    );
    RETURN v || newsdigest_pairs(v);
END
$body$;
