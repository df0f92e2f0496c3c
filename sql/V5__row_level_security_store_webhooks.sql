-- Row-level security for the registration tables of V4, as V3 does for the others (orderlink_protect_tenant_table:
-- enabled and forced, tenant_isolation and system_unscoped policies, grants to orderlink_tenant).
SELECT orderlink_protect_tenant_table('store_webhooks');
SELECT orderlink_protect_tenant_table('store_webhook_events');

-- The registration worker's cross-tenant read, like webhook_store_lookup: owner's rights, fixed search_path,
-- callable by the runtime user only.
ALTER FUNCTION webhook_health_due(interval) SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE EXECUTE ON FUNCTION webhook_health_due(interval) FROM PUBLIC;
