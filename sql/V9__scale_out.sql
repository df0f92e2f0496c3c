-- Scale-out and long life (docs/scaling.md). Additive and backward compatible with the previous release's code:
-- nothing is renamed or dropped, and every statement here is safe while that code keeps running.
--
-- Statements run one by one outside a transaction (V9__scale_out.sql.conf) so the index below is built
-- CONCURRENTLY, without blocking ingest's inserts however large the inbox is. Each waits for its lock at most
-- lock_timeout: rather than queueing ingest behind it, the migration fails, and since every statement can run
-- twice, the next start retries it (PostgresServer.migrate).
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

-- Registration requests between processes (ORDERLINK_ROLES): an API process without the registration role
-- queues the request here and NOTIFYs; a registration process claims it (FOR UPDATE SKIP LOCKED), runs it and
-- stores the outcome, which the API process reads back. Finished rows are deleted by whoever reads them, or
-- after an hour when nobody waited. Not tenant data: the organization travels inside the request.
CREATE TABLE IF NOT EXISTS registration_requests (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operation       text NOT NULL,                     -- the registration event-bus address, e.g. registration.register
    request         jsonb NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
    reply           jsonb,
    failure_code    integer,
    failure_message text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX IF NOT EXISTS registration_requests_pending ON registration_requests (id) WHERE status = 'pending';
