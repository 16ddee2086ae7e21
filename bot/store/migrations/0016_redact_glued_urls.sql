-- Migration 0015 hid the password of every URL stored as a source's name, by bot.logs.redact's rule of that day,
-- which began a URL's scheme only at a word boundary: a URL glued to the word before it ("Caféhttps://u:pw@host",
-- "_https://...") kept its password. redact() now begins the scheme at the first letter of the run of scheme
-- characters before "://"; this applies it again to every name. A name already redacted stays as it is.
UPDATE sources SET name = redact(name) WHERE redact(name) <> name;
