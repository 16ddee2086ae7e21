-- Claims carry their owner (issue 14): the worker (host:pid:random) that claimed a post, and until when the claim
-- is its own. The owner renews the lease while it sends; a claim whose lease ran out (its process died or lost
-- the database) is settled by any process, never a live owner's. Both NULL: a claim made before this migration,
-- or by a one-shot command that holds no lease, settled as before by the next process that starts.
ALTER TABLE deliveries ADD COLUMN lease_worker TEXT;
ALTER TABLE deliveries ADD COLUMN lease_until TEXT;
