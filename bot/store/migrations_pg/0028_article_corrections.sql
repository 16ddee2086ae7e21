-- How many corrections a stored article took (bot.store.articles.revise_articles): an entry whose text changes at
-- every poll ("Updated N minutes ago", a counter, an advertisement in its description) was rewritten at every poll
-- until a post carried it, and with it its search vectors. A constant default is kept in the catalog: no rewrite.
ALTER TABLE articles ADD COLUMN corrections integer NOT NULL DEFAULT 0;
