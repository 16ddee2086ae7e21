-- SQLite's 0010_article_image, ported: the image a story carries (an https URL never fetched, its alt text
-- and size in pixels when the source gives them). NULL: none.
ALTER TABLE articles ADD COLUMN image_url text;
ALTER TABLE articles ADD COLUMN image_alt text;
ALTER TABLE articles ADD COLUMN image_width integer;
ALTER TABLE articles ADD COLUMN image_height integer;
