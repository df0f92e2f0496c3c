-- Store ownership (docs/api-and-analytics.md, "Store ownership"). A store is proven once its platform accepted its
-- credentials for its domain: Shopify's access token answered shop { myshopifyDomain } with that domain, or the
-- WooCommerce keys authenticated at the store's URL. A store connected with "register": false is a claim nobody
-- checked, and such a claim never blocks a proven one. Additive: the previous release's code ignores the column
-- (the stores it connects are unproven until registered again).
SET LOCAL lock_timeout = '10s';

ALTER TABLE stores ADD COLUMN proven_at timestamptz;

-- Stores from before: one whose webhooks Orderlink created on the platform with the store's credentials was
-- accepted there; one whose webhooks the merchant manages (register: false) never was.
UPDATE stores s
   SET proven_at = now()
 WHERE EXISTS (SELECT 1 FROM store_webhooks w WHERE w.store_id = s.id AND w.remote_id IS NOT NULL);

-- A proven claim takes the store over from another organization's unproven claim: that store row goes, and with
-- it (ON DELETE CASCADE) everything recorded under it: deliveries, orders, customers, conversations, webhook rows.
-- None of it can move to the new owner: whoever made the unproven claim chose its signing secret, so its
-- deliveries may be its own inventions. Runs in the caller's tenant scope, which names the claimant; the row to
-- release belongs to another organization, which that scope cannot see, so the function runs with its owner's
-- rights and leaves the scope for the one statement. The caller learns only whether a claim was released.
CREATE FUNCTION stores_release_unproven(p_platform text, p_domain text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    claimant text := orderlink_org();
    held bigint;
BEGIN
    IF claimant IS NULL THEN
        RAISE EXCEPTION 'stores_release_unproven needs a tenant scope (orderlink.org_id)';
    END IF;
    PERFORM set_config('orderlink.org_id', '', true);
    SELECT id INTO held FROM stores
     WHERE platform = p_platform AND domain = p_domain AND proven_at IS NULL AND org_id <> claimant
       FOR UPDATE;
    IF held IS NOT NULL THEN
        -- Tables whose triggers keep the analytics rollups go first, while the store's rollup rows are there to
        -- update; deleting the store row then cascades to the rest, rollups included.
        DELETE FROM orders WHERE store_id = held;
        DELETE FROM customers WHERE store_id = held;
        DELETE FROM conversations WHERE store_id = held;
        DELETE FROM stores WHERE id = held;
    END IF;
    PERFORM set_config('orderlink.org_id', claimant, true);
    RETURN held IS NOT NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION stores_release_unproven(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stores_release_unproven(text, text) TO orderlink_tenant;
