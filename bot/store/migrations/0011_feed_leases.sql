-- Feed polling shared by leases (issue 14): the worker (host:pid:random) that took a due feed and until when
-- the feed is its own. Both NULL: free. A lease past its time is free again (its worker died). Recording the
-- poll's result clears both.
ALTER TABLE feeds ADD COLUMN lease_worker TEXT;
ALTER TABLE feeds ADD COLUMN lease_until TEXT;
