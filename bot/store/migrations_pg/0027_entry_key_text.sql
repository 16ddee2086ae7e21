-- A GUID key remembers the print of its entry's text too (bot.store.entrykeys, bot.text.identity.text_print): a
-- post re-dated with its headline and slug edited (a new link and a new date under its GUID) was taken for another
-- post and posted twice. NULL in rows written before: such a key tells its entry by its link and date, as before.
-- A nullable column without a default: a change of the catalog only, no rewrite.
ALTER TABLE entry_keys ADD COLUMN text_print text;
