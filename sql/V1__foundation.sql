-- Foundation: tenants, connected stores and the durable webhook inbox.
-- Every tenant row carries org_id (DESIGN.md section 5).

CREATE TABLE organizations (
    id                   text PRIMARY KEY,          -- the JWT "org" claim
    name                 text,
    attribution_settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stores (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id               text NOT NULL REFERENCES organizations (id),
    platform             text NOT NULL CHECK (platform IN ('shopify', 'woocommerce')),
    domain               text NOT NULL,              -- lower-case host: shop.myshopify.com, shop.example.com
    url                  text,                       -- WooCommerce site URL given at connection
    credentials          bytea,                      -- AES-GCM sealed JSON; NULL once disconnected
    signing_secret       bytea,                      -- AES-GCM sealed secret(s) that verify deliveries
    webhook_status       text NOT NULL DEFAULT 'missing'
        CHECK (webhook_status IN ('active', 'paused', 'disabled', 'missing', 'error')),
    webhook_message      text,
    last_delivery_at     timestamptz,
    last_check_at        timestamptz,
    consecutive_failures integer NOT NULL DEFAULT 0,
    disconnected_at      timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (platform, domain)
);
CREATE INDEX stores_org ON stores (org_id);

CREATE TABLE webhook_inbox (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       text NOT NULL,
    store_id     bigint NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    platform     text NOT NULL,
    topic        text NOT NULL,
    dedup_key    text NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    body         bytea NOT NULL,                     -- the raw body exactly as received
    headers      jsonb NOT NULL,                     -- the delivery headers that matter
    status       text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'processed', 'ignored', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    error        text,
    processed_at timestamptz,
    UNIQUE (store_id, dedup_key)
);
-- The worker claims the oldest pending rows; this index stays small because processed rows leave it.
CREATE INDEX webhook_inbox_pending ON webhook_inbox (id) WHERE status = 'pending';
-- Newest first per store (last delivery, per-store event lists) and per tenant (event lists).
CREATE INDEX webhook_inbox_store ON webhook_inbox (store_id, id);
CREATE INDEX webhook_inbox_org ON webhook_inbox (org_id, id);

-- The ingest path's only read: which store, which tenant, which sealed secrets, by platform and domain.
-- Kept as one narrow function so it can run with definer rights once row-level security is on.
CREATE FUNCTION webhook_store_lookup(p_platform text, p_domain text)
    RETURNS TABLE (store_id bigint, org_id text, signing_secret bytea)
    LANGUAGE sql STABLE AS
$$
    SELECT s.id, s.org_id, s.signing_secret
      FROM stores s
     WHERE s.platform = p_platform AND s.domain = p_domain AND s.disconnected_at IS NULL
$$;

-- Cross-process cache invalidation: every gateway process listens on this channel.
CREATE FUNCTION notify_store_changed() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('orderlink_store_changed', COALESCE(NEW.platform, OLD.platform) || ':' || COALESCE(NEW.domain, OLD.domain));
    RETURN NULL;
END
$$;
CREATE TRIGGER stores_changed AFTER INSERT OR UPDATE OF signing_secret, disconnected_at, domain OR DELETE ON stores
    FOR EACH ROW EXECUTE FUNCTION notify_store_changed();
