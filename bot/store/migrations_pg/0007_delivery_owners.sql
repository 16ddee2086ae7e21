-- SQLite's 0014_delivery_owners, ported: the worker that claimed a post and until when the claim is its own.
ALTER TABLE deliveries ADD COLUMN lease_worker text;
ALTER TABLE deliveries ADD COLUMN lease_until utc_text;
