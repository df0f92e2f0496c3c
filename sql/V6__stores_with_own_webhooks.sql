-- Stores connected with "register": false (their webhooks are managed by the merchant, as for the demo
-- stores): Orderlink neither registers nor health-checks them, until asked to register.
ALTER TABLE stores ADD COLUMN managed_webhooks boolean NOT NULL DEFAULT true;

-- Replacing keeps V5's owner rights, search_path and grants.
CREATE OR REPLACE FUNCTION webhook_health_due(p_older_than interval)
    RETURNS TABLE (store_id bigint, org_id text)
    LANGUAGE sql STABLE AS
$$
    SELECT s.id, s.org_id
      FROM stores s
     WHERE s.disconnected_at IS NULL AND s.credentials IS NOT NULL AND s.managed_webhooks
       AND (s.last_check_at IS NULL OR s.last_check_at < now() - p_older_than)
     ORDER BY s.last_check_at NULLS FIRST, s.id
$$;
