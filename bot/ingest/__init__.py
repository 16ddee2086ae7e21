"""Getting articles in: fetching feeds, scanning drop folders, parsing formats, the ingest pipeline."""
