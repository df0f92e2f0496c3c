-- The dead-letter gauge (orderlink_inbox_failed) counts failed rows every few seconds: a partial index keeps that
-- count proportional to the dead letters, not to the whole inbox.
CREATE INDEX webhook_inbox_failed ON webhook_inbox (id) WHERE status = 'failed';
