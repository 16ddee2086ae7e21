-- The image a story carries (feed media, a page's og:image, the first real image of a drop file): an https URL
-- that newsdigest never fetches, its alt text and its size in pixels when the source gives them. NULL: none.
ALTER TABLE articles ADD COLUMN image_url TEXT;
ALTER TABLE articles ADD COLUMN image_alt TEXT;
ALTER TABLE articles ADD COLUMN image_width INTEGER;
ALTER TABLE articles ADD COLUMN image_height INTEGER;
