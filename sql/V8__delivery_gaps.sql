-- WooCommerce deliveries the gateway refused (503) and that reconciliation has not recovered yet: one row per
-- store with the earliest refusal. Reconciliation starts from it, so a later delivery never hides a refused one
-- (docs/architecture.md, "Data flow").
CREATE TABLE delivery_gaps (
    store_id   bigint PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    org_id     text NOT NULL,
    since      timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

SELECT orderlink_protect_tenant_table('delivery_gaps');
