-- The language an article is written in (issue 13): an ISO 639-1 code, or NULL when unknown. Set at insert from
-- the page's own declaration or guessed from its words (bot.text.language). SQLite's search stems every
-- language as English (FTS5's porter tokenizer); PostgreSQL's searches each article in its own language.
-- Rows stored before: English when their opening holds "the" and one of "and", "of", "to" (what the
-- English-only index assumed of every row), else unknown; a copy to PostgreSQL carries the column over.
ALTER TABLE articles ADD COLUMN language TEXT;
UPDATE articles SET language = 'en'
WHERE instr(lower(substr(title || ' ' || body, 1, 1200)), ' the ') > 0
  AND (instr(lower(substr(title || ' ' || body, 1, 1200)), ' and ') > 0
    OR instr(lower(substr(title || ' ' || body, 1, 1200)), ' of ') > 0
    OR instr(lower(substr(title || ' ' || body, 1, 1200)), ' to ') > 0);
