-- Scale-out and long life (docs/scaling.md). Additive and backward compatible with the previous release's code:
-- nothing is renamed or dropped, and every statement here is safe while that code keeps running.
--
-- Statements run one by one outside a transaction (V9__inbox_retention.sql.conf) so the index below is built
-- CONCURRENTLY, without blocking ingest's inserts however large the inbox is. Each takes its lock for at most
-- lock_timeout: a migration that cannot get a lock fails and is retried by the next start, instead of queueing
-- ingest behind it.
SET lock_timeout = '10s';

-- Inbox retention: processed and ignored deliveries lose their raw body after the retention period; the row
-- and its dedup key stay, so a late redelivery is still a duplicate. Dropping NOT NULL is a catalog change
-- (no table scan); the previous release never reads the body of a row that is not pending.
ALTER TABLE webhook_inbox ALTER COLUMN body DROP NOT NULL;

-- The sweep's only path to the rows whose body is due: oldest first, and rows leave it once swept.
CREATE INDEX CONCURRENTLY IF NOT EXISTS webhook_inbox_expiring ON webhook_inbox (received_at)
    WHERE body IS NOT NULL AND status IN ('processed', 'ignored');

-- The space of swept bodies is reused once vacuumed: vacuum the inbox (and its TOAST table, where the bodies
-- live) after 2 % of it changed rather than the default 20 %, so the table stays the size of its retention.
ALTER TABLE webhook_inbox SET (autovacuum_vacuum_scale_factor = 0.02, toast.autovacuum_vacuum_scale_factor = 0.02);
