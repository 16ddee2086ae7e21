-- SQLite's 0011_feed_leases, ported: the worker that took a due feed and until when it is its own.
ALTER TABLE feeds ADD COLUMN lease_worker text;
ALTER TABLE feeds ADD COLUMN lease_until utc_text;
