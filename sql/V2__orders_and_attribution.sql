-- Orders, their attribution to chat conversations, refunds and customer lifetime value (DESIGN.md 6, 7).

CREATE TABLE conversations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id          text NOT NULL REFERENCES organizations (id),
    store_id        bigint NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    external_id     text NOT NULL,                    -- the chat backend's id
    email           text,                             -- normalized: trimmed, lower-case
    session_id      text,                             -- the chat widget's session id
    started_at      timestamptz NOT NULL,
    last_message_at timestamptz NOT NULL,
    message_count   integer NOT NULL DEFAULT 0 CHECK (message_count >= 0),
    product_inquiry boolean NOT NULL DEFAULT false,
    price_check     boolean NOT NULL DEFAULT false,
    metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, external_id)
);
CREATE INDEX conversations_store_email ON conversations (store_id, email);
CREATE INDEX conversations_org_started ON conversations (org_id, started_at);

-- Every activity time a conversation has reported, so attribution can use the last activity at or
-- before any order time, however late the order or the conversation arrives. Email and session id are
-- copied from the conversation (and kept in step with it) so the lookup is one index range.
CREATE TABLE conversation_activity (
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    at              timestamptz NOT NULL,
    org_id          text NOT NULL,
    store_id        bigint NOT NULL,
    email           text,
    session_id      text,
    message_count   integer NOT NULL,
    product_inquiry boolean NOT NULL,
    price_check     boolean NOT NULL,
    PRIMARY KEY (conversation_id, at)
);
CREATE INDEX conversation_activity_email ON conversation_activity (store_id, email, at);
CREATE INDEX conversation_activity_session ON conversation_activity (store_id, session_id, at) WHERE session_id IS NOT NULL;

CREATE TABLE orders (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id            text NOT NULL REFERENCES organizations (id),
    store_id          bigint NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    platform          text NOT NULL,
    platform_order_id text NOT NULL,                  -- exact decimal text of the 64-bit id
    order_number      text,
    email             text,
    currency          text NOT NULL,
    total             numeric NOT NULL,               -- gross, in currency
    refunded          numeric NOT NULL DEFAULT 0,     -- sum of order_refunds, kept in the same transaction
    status            text,
    paid              boolean NOT NULL,
    cancelled         boolean NOT NULL,
    test              boolean NOT NULL,
    deleted           boolean NOT NULL DEFAULT false, -- WooCommerce trash
    counts            boolean GENERATED ALWAYS AS (paid AND NOT cancelled AND NOT test AND NOT deleted) STORED,
    ordered_at        timestamptz NOT NULL,           -- the order's own time: attribution is measured from it
    source_updated_at timestamptz NOT NULL,           -- the platform's modification time: older states never win
    line_items        jsonb NOT NULL DEFAULT '[]'::jsonb,
    chat_session_id   text,
    conversation_id   bigint REFERENCES conversations (id) ON DELETE SET NULL,
    method            text NOT NULL DEFAULT 'no_match'
        CHECK (method IN ('session_match', 'time_proximity', 'email_match', 'no_match')),
    confidence        numeric(3, 2) NOT NULL DEFAULT 0,
    reasoning         text,
    last_activity_at  timestamptz,                    -- the attributed conversation's activity before the order
    attributed_at     timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (store_id, platform_order_id)
);
CREATE INDEX orders_org_time ON orders (org_id, ordered_at);
CREATE INDEX orders_store_time ON orders (store_id, ordered_at);
CREATE INDEX orders_store_email ON orders (store_id, email);

-- Refunds by their platform id, so a refund delivered twice (or inside order payloads too) counts once,
-- and one that arrives before its order is applied when the order does.
CREATE TABLE order_refunds (
    store_id          bigint NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    refund_id         text NOT NULL,
    org_id            text NOT NULL,
    platform_order_id text NOT NULL,
    amount            numeric NOT NULL CHECK (amount >= 0),
    currency          text,
    refunded_at       timestamptz,
    PRIMARY KEY (store_id, refund_id)
);
CREATE INDEX order_refunds_order ON order_refunds (store_id, platform_order_id);

-- Lifetime value per (store, customer email, currency), recomputed from orders in the same transaction
-- as every order change, so it always equals the sum of that customer's orders.
CREATE TABLE customers (
    store_id          bigint NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    email             text NOT NULL,
    currency          text NOT NULL,
    org_id            text NOT NULL,
    orders            integer NOT NULL,
    paid_orders       integer NOT NULL,
    gross             numeric NOT NULL,
    refunds           numeric NOT NULL,
    net               numeric NOT NULL,
    first_purchase_at timestamptz,
    last_purchase_at  timestamptz,
    is_returning      boolean GENERATED ALWAYS AS (paid_orders >= 2) STORED,
    conversations     integer NOT NULL,
    attributed_orders integer NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, email, currency)
);
CREATE INDEX customers_org_net ON customers (org_id, net DESC);

-- Shopify compliance requests, kept for the operator with the data they concern.
CREATE TABLE compliance_requests (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      text NOT NULL,
    store_id    bigint REFERENCES stores (id) ON DELETE SET NULL,
    topic       text NOT NULL,
    inbox_id    bigint,
    request     jsonb NOT NULL,
    data        jsonb,                                -- customers/data_request: what we hold on that customer
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX compliance_requests_org ON compliance_requests (org_id, received_at);
