-- Hide the password of a feed URL that an old release stored as its source's name. A feed with no title of its
-- own was named by its whole URL until names were redacted at subscription (bot/ingest/subscribe.py), so
-- `https://user:secret@host/feed.xml` showed its password wherever the name is shown (digests, /find, explain,
-- exports). Each name becomes what bot.logs.redact gives for it (`https://user:[redacted]@host/feed.xml`); a name
-- it leaves as it is is not written. `location`, the URL the poller fetches, keeps its password.
--
-- redact() is bot.logs.redact itself, which the migrator registers on the connection that applies the migrations
-- (bot/store/db.py): the one rule, not a copy of it.
UPDATE sources SET name = redact(name) WHERE redact(name) <> name;
