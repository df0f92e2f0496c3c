-- The dead-letter gauge (orderlink_inbox_failed) counts failed rows every few seconds: a partial index keeps that
-- count proportional to the dead letters, not to the whole inbox. Built CONCURRENTLY, like V9, so a rolling
-- upgrade never holds up ingest's inserts (docs/scaling.md, "Upgrades while running"); it can run twice.
SET lock_timeout = '10s';

CREATE INDEX CONCURRENTLY IF NOT EXISTS webhook_inbox_failed ON webhook_inbox (id) WHERE status = 'failed';
