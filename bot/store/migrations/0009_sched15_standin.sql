-- A stand-in on branch media15 only: migration 0009 belongs to branch sched15 (schedule options), and the
-- migration runner wants numbers 1..n without gaps. When both branches are merged, delete this file and keep
-- sched15's 0009: two files numbered 0009 stop every database from opening, so the merge cannot miss it.
SELECT 1;
