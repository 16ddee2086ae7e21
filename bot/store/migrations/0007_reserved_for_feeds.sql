-- Number 0007 is the feeds engineer's this session; this empty step only keeps the numbers without a gap on
-- the delivery branch. Delete this file when the feeds branch's 0007 is merged.
SELECT 1;
