-- Migration 0013 hid the password of every URL stored as a source's name, by bot.logs.redact's rule of that day,
-- which began a URL's scheme only at a word boundary (`\y`): a URL glued to the word before it
-- ("Caféhttps://u:pw@host", "_https://...") kept its password. redact() now begins the scheme at the first letter
-- of the run of scheme characters before "://" (the run's start found by a lookbehind, so a long run costs
-- linear time); this applies that rule again to every name, spelled as in 0013 (Python's `\s` written out).
-- tests/test_redact_names_migration.py checks, on the real server, that it gives redact()'s result name by name.
DO $migration$
DECLARE
    space CONSTANT text := '\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000';
    password CONSTANT text := format(
        '((?<![a-z0-9+.-])[0-9+.-]*[a-z][a-z0-9+.-]*://[^%1$s/?#:]*:)(?!\u2026@|\[redacted\]@)[^%1$s/?#]+(?=@[^%1$s/?#@]*(?:[%1$s/?#]|$))',
        space);
BEGIN
    UPDATE sources AS s SET name = r.name
    FROM (
        SELECT id, regexp_replace(regexp_replace(regexp_replace(name,
            '(/api(?:/v\d+)?/webhooks/\d+/)[\w.-]+', '\1[redacted]', 'g'),
            '(hooks\.slack\.com/(?:services|workflows|triggers)/)[\w/.-]+', '\1[redacted]', 'g'),
            password, '\1[redacted]', 'gi') AS name
        FROM sources
    ) AS r
    WHERE r.id = s.id AND r.name <> s.name;
END
$migration$;
