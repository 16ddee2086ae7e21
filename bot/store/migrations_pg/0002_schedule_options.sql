-- SQLite's 0009_schedule_options (issue 15), ported: a schedule's digest filter and Discord options, and the
-- articles each post carried.
ALTER TABLE schedules ADD COLUMN exclude text;
ALTER TABLE schedules ADD COLUMN sources text NOT NULL DEFAULT '[]';
ALTER TABLE schedules ADD COLUMN max_stories integer CHECK (max_stories IS NULL OR max_stories BETWEEN 1 AND 50);
ALTER TABLE schedules ADD COLUMN thread integer NOT NULL DEFAULT 0;
ALTER TABLE schedules ADD COLUMN ping_role_id bigint;

CREATE TABLE delivery_articles (
    delivery_id  bigint NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    article_id   bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (delivery_id, article_id)
);
CREATE INDEX delivery_articles_article ON delivery_articles (article_id);
