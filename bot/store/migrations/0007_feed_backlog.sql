-- Whether a feed's backlog (the entries it had when it was added) has been stored, marked initial.
-- Subscribing stores the feed, its backlog and its validators in one transaction; a feed row that exists
-- without its backlog (added by an older version that stopped half-way, or by the store directly) takes its
-- first successful poll as backlog, so its old entries never flood a digest. Feeds from before this
-- migration were subscribed with their backlog stored.
ALTER TABLE feeds ADD COLUMN backlog_stored INTEGER NOT NULL DEFAULT 1;
