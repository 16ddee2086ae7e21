-- A GUID key remembers the link and the date of the entry it was given to (bot.store.entrykeys): a feed that gives a
-- new post the GUID of an earlier one (a one-item "latest post" feed with a fixed GUID, a CMS numbering GUIDs per
-- page) lost every post after the first, taken for the one seen. NULL in rows written before: the key's article's
-- own link and date stand for them. Nullable columns without a default: a change of the catalog only, no rewrite.
ALTER TABLE entry_keys ADD COLUMN link text, ADD COLUMN dated text;
