-- How many corrections a stored article took (bot.store.articles.revise_articles): an entry whose text changes at
-- every poll ("Updated N minutes ago", a counter, an advertisement in its description) was rewritten at every poll
-- until a post carried it, and with it its search index. A column with a constant default rewrites no row.
ALTER TABLE articles ADD COLUMN corrections INTEGER NOT NULL DEFAULT 0;
