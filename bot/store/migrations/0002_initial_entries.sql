-- Entries stored when a feed is first added (its backlog) are kept and searchable, but never posted:
-- digests select only articles with initial = 0, so subscribing to a feed does not flood a channel.
ALTER TABLE articles ADD COLUMN initial INTEGER NOT NULL DEFAULT 0;
