-- Search ranks its newest 500 matches by age, which needs published_sort and arrived_at of each. arrived_at
-- is stored after the body, so reading it from the table walks the body's overflow pages; this covering
-- index answers those reads (bot/store/search.py names it with INDEXED BY).
CREATE INDEX articles_age ON articles (id, published_sort, arrived_at);
