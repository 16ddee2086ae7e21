-- Hide the password of a feed URL that an old release stored as its source's name. A feed with no title of its
-- own was named by its whole URL until names were redacted at subscription (bot/ingest/subscribe.py), so
-- `https://user:secret@host/feed.xml` showed its password wherever the name is shown (digests, /find, explain,
-- exports). Each name becomes what bot.logs.redact gives for it (`https://user:[redacted]@host/feed.xml`); a name
-- it leaves as it is is not written. `location`, the URL the poller fetches, keeps its password.
--
-- The server cannot call bot.logs.redact, so its three patterns are spelled here in PostgreSQL's regular
-- expressions, in its order: `\y` for Python's `\b`, and Python's `\s` (str.isspace) written out, since
-- `[:space:]` depends on the database's locale. tests/test_redact_names_migration.py runs this statement on the
-- real server and checks that it gives redact()'s result name by name, on tricky names and on every ASCII
-- character at each place where a URL's parts meet. Beyond ASCII the server's word characters and digits (`\y`,
-- `\w`, `\d`, by the database's locale) are not exactly Python's: a password glued to a character such as a superscript digit
-- before its scheme is hidden here where redact() leaves it, and a webhook token holding one is cut there.
DO $migration$
DECLARE
    space CONSTANT text := '\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000';
    password CONSTANT text := format(
        '(\y[a-z][a-z0-9+.-]*://[^%1$s/?#:]*:)(?!\u2026@|\[redacted\]@)[^%1$s/?#]+(?=@[^%1$s/?#@]*(?:[%1$s/?#]|$))',
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
