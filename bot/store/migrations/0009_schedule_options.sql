-- Issue 15: a schedule keeps its digest filter and its Discord options, and a post remembers what it carried.
--
-- A schedule's topic stays in ``topic``; ``exclude`` is in the same search language, ``sources`` a JSON list of
-- source names, ``max_stories`` NULL for the default cap (10). ``thread`` asks for a thread on each daily post
-- (a new post in a forum channel); ``ping_role_id`` names the one role mentioned when a post has a story.
ALTER TABLE schedules ADD COLUMN exclude TEXT;
ALTER TABLE schedules ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
ALTER TABLE schedules ADD COLUMN max_stories INTEGER CHECK (max_stories IS NULL OR max_stories BETWEEN 1 AND 50);
ALTER TABLE schedules ADD COLUMN thread INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedules ADD COLUMN ping_role_id INTEGER;

-- The articles a post carried (the lead of each story shown), written in the transaction that records the post
-- as sent, so `explain --schedule` can say whether and when an article went out where.
CREATE TABLE delivery_articles (
    delivery_id  INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (delivery_id, article_id)
) WITHOUT ROWID;
-- explain asks "which posts carried this article": by article.
CREATE INDEX delivery_articles_article ON delivery_articles (article_id);
