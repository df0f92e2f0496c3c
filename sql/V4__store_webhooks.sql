-- Webhooks Orderlink registers on each store's platform, and what was done to them.
-- Tenant tables: both carry org_id (row-level security is keyed on it).

-- One row per (store, topic) Orderlink wants delivered; removing the row means "not wanted any more",
-- so health checks only repair topics that still have a row.
CREATE TABLE store_webhooks (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         text NOT NULL,
    store_id       bigint NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    topic          text NOT NULL,                    -- delivery topic: orders/create, order.updated, ...
    remote_id      text,                             -- Shopify subscription gid or WooCommerce webhook id; NULL until created
    address        text NOT NULL,                    -- the delivery URL
    status         text NOT NULL DEFAULT 'missing'
        CHECK (status IN ('active', 'paused', 'disabled', 'missing', 'error')),
    message        text,
    secret         bytea,                            -- sealed secret the WooCommerce webhook signs with
    pending_secret bytea,                            -- sealed secret being set on the store: accepted until confirmed
    checked_at     timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (store_id, topic)
);
CREATE INDEX store_webhooks_org ON store_webhooks (org_id, store_id);

-- History of changes made on the platforms: creations, repairs (re-created, re-enabled), updates, deletions.
CREATE TABLE store_webhook_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id     text NOT NULL,
    store_id   bigint NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    topic      text NOT NULL,
    action     text NOT NULL CHECK (action IN ('created', 're-created', 're-enabled', 'updated', 'deleted')),
    remote_id  text,
    detail     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX store_webhook_events_store ON store_webhook_events (org_id, store_id, id);

-- The registration worker's only cross-tenant read: connected stores not checked within p_older_than.
-- Everything else it does runs in the store's tenant scope. Like webhook_store_lookup, a narrow function
-- so it can run with definer rights once row-level security is on.
CREATE FUNCTION webhook_health_due(p_older_than interval)
    RETURNS TABLE (store_id bigint, org_id text)
    LANGUAGE sql STABLE AS
$$
    SELECT s.id, s.org_id
      FROM stores s
     WHERE s.disconnected_at IS NULL AND s.credentials IS NOT NULL
       AND (s.last_check_at IS NULL OR s.last_check_at < now() - p_older_than)
     ORDER BY s.last_check_at NULLS FIRST, s.id
$$;
