-- Inbox bodies are compressed with lz4 instead of the default pglz: a real order body (about 15 KB) is
-- compressed on every insert, and pglz made that compression the largest cost of ingest
-- (docs/benchmarks.md). Only new rows are affected. A server built without lz4 (or older than
-- PostgreSQL 14) keeps pglz, with a warning: the gateway works the same, only slower.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE webhook_inbox ALTER COLUMN body SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR syntax_error THEN
    RAISE WARNING 'webhook_inbox.body stays compressed with pglz (%): ingest is slower without lz4', SQLERRM;
END
$$;
