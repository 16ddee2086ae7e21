-- An article's canonical URL is computed once, when it is stored (bot.text.identity.canonical_url); rows stored
-- before that rule changed kept the old value. Since dedup30 a web archive's capture and an AMP copy are known by
-- their page's address, and since dedup31 a page named "amp" (/reviews/amp) is no AMP copy and a single-page site's
-- route (#!/story/1) is part of the address: an old AMP copy's row was not found by its page's copy arriving now
-- (posted twice), and an old /reviews/amp row held /reviews (the reviews page arriving now was merged into it, a
-- story lost). Each row gets the address today's rule gives its link, unless another row holds that address already
-- (two articles of one page stay two; of several old rows with one new address the first takes it). A row stored
-- without a canonical URL (a link several entries of one feed share) stays without one.
CREATE TEMP TABLE recanonical AS
    SELECT id, canonical_url_of(url) AS canonical FROM articles
    WHERE canonical_url IS NOT NULL AND canonical_url_of(url) IS NOT NULL AND canonical_url_of(url) <> canonical_url;
UPDATE articles SET canonical_url = (SELECT r.canonical FROM recanonical r WHERE r.id = articles.id)
WHERE id IN (
    SELECT r.id FROM recanonical r
    WHERE NOT EXISTS (SELECT 1 FROM articles o WHERE o.canonical_url = r.canonical)
    AND r.id = (SELECT MIN(s.id) FROM recanonical s WHERE s.canonical = r.canonical)
);
DROP TABLE recanonical;
