-- A tenant's data as a V6 release left it (columns of V1-V6 only), for MigrationUpgradeTest.
-- Ids come from the identity columns; rows refer to each other by natural keys.
INSERT INTO organizations (id, name, attribution_settings) VALUES ('org-v6', 'Upgraded shop', '{}');

-- Both platforms; webhooks managed by the merchant (no credentials), so the upgraded gateway calls no platform.
INSERT INTO stores (org_id, platform, domain, url, signing_secret, webhook_status, webhook_message, last_delivery_at,
                    managed_webhooks)
VALUES ('org-v6', 'shopify', 'v6-shop.myshopify.com', NULL, '\x0102030405'::bytea, 'active', NULL,
        '2026-01-10T12:00:00Z', false),
       ('org-v6', 'woocommerce', 'v6-woo.example', 'https://v6-woo.example', '\x0a0b0c'::bytea, 'disabled',
        'disabled by the store after failed deliveries', '2026-01-09T08:00:00Z', false);

INSERT INTO store_webhooks (org_id, store_id, topic, remote_id, address, status, secret)
SELECT 'org-v6', id, 'order.created', '77', 'https://gateway.example/webhooks/woocommerce', 'disabled', '\x0d0e'::bytea
  FROM stores WHERE domain = 'v6-woo.example';
INSERT INTO store_webhook_events (org_id, store_id, topic, action, remote_id, detail)
SELECT 'org-v6', id, 'order.created', 'created', '77', 'registered at connection' FROM stores WHERE domain = 'v6-woo.example';

-- Inbox rows in every settled state (the pending one is added by the test with a real order body).
INSERT INTO webhook_inbox (org_id, store_id, platform, topic, dedup_key, received_at, body, headers, status, attempts,
                           error, processed_at)
SELECT 'org-v6', s.id, s.platform, v.topic, v.dedup_key, v.received_at::timestamptz, convert_to(v.body, 'UTF8'),
       '{"X-Shopify-API-Version": "2026-01"}'::jsonb, v.status, v.attempts, v.error, v.processed_at::timestamptz
  FROM stores s
  JOIN (VALUES ('v6-shop.myshopify.com', 'orders/create', 'w-processed', '2026-01-10T12:00:00Z', '{"id": 4001}',
                'processed', 1, NULL, '2026-01-10T12:00:01Z'),
               ('v6-shop.myshopify.com', 'orders/create', 'w-failed', '2026-01-10T12:05:00Z', '{"id": "broken"}',
                'failed', 1, 'order id is not a number', NULL),
               ('v6-woo.example', 'order.restored', 'order.restored:9:2026-01-09T08:00:00', '2026-01-09T08:00:00Z',
                '{"id": 9}', 'ignored', 0, NULL, '2026-01-09T08:00:01Z'))
       AS v (domain, topic, dedup_key, received_at, body, status, attempts, error, processed_at) ON v.domain = s.domain;

INSERT INTO conversations (org_id, store_id, external_id, email, session_id, started_at, last_message_at, message_count,
                           product_inquiry, price_check, metadata)
SELECT 'org-v6', id, 'chat-ann', 'ann@example.com', 'sess-v6', '2026-01-10T11:30:00Z', '2026-01-10T11:50:00Z', 6, true,
       false, '{"agent": "sam"}'
  FROM stores WHERE domain = 'v6-shop.myshopify.com';
INSERT INTO conversation_activity (conversation_id, at, org_id, store_id, email, session_id, message_count,
                                   product_inquiry, price_check)
SELECT id, a.at::timestamptz, org_id, store_id, email, session_id, a.messages, true, false
  FROM conversations, (VALUES ('2026-01-10T11:30:00Z', 1), ('2026-01-10T11:50:00Z', 6)) AS a (at, messages)
 WHERE external_id = 'chat-ann';

-- An attributed Shopify order with a refund, and an unattributed WooCommerce order in another currency.
INSERT INTO orders (org_id, store_id, platform, platform_order_id, order_number, email, currency, total, refunded,
                    status, paid, cancelled, test, ordered_at, source_updated_at, line_items, chat_session_id,
                    conversation_id, method, confidence, reasoning, last_activity_at, attributed_at)
SELECT 'org-v6', c.store_id, 'shopify', '4001', '#1001', 'ann@example.com', 'USD', 100.00, 5.00, 'paid', true, false,
       false, '2026-01-10T12:00:00Z', '2026-01-10T12:30:00Z',
       '[{"productId": "p1", "name": "Kettle", "quantity": 2, "price": "50.00", "total": "100.00"}]', 'sess-v6', c.id,
       'session_match', 0.95, 'chat session sess-v6 ended 10 minutes before the order', '2026-01-10T11:50:00Z',
       '2026-01-10T12:00:01Z'
  FROM conversations c WHERE c.external_id = 'chat-ann';
INSERT INTO orders (org_id, store_id, platform, platform_order_id, order_number, email, currency, total, status, paid,
                    cancelled, test, ordered_at, source_updated_at)
SELECT 'org-v6', id, 'woocommerce', '9', '9', 'bob@example.com', 'EUR', 30.00, 'completed', true, false, false,
       '2026-01-09T07:00:00Z', '2026-01-09T08:00:00Z'
  FROM stores WHERE domain = 'v6-woo.example';

INSERT INTO order_refunds (store_id, refund_id, org_id, platform_order_id, amount, currency, refunded_at)
SELECT id, '7001', 'org-v6', '4001', 5.00, 'USD', '2026-01-10T12:30:00Z' FROM stores WHERE domain = 'v6-shop.myshopify.com';

INSERT INTO customers (store_id, email, currency, org_id, orders, paid_orders, gross, refunds, net, first_purchase_at,
                       last_purchase_at, conversations, attributed_orders)
SELECT id, 'ann@example.com', 'USD', 'org-v6', 1, 1, 100.00, 5.00, 95.00, '2026-01-10T12:00:00Z', '2026-01-10T12:00:00Z',
       1, 1
  FROM stores WHERE domain = 'v6-shop.myshopify.com';
INSERT INTO customers (store_id, email, currency, org_id, orders, paid_orders, gross, refunds, net, first_purchase_at,
                       last_purchase_at, conversations, attributed_orders)
SELECT id, 'bob@example.com', 'EUR', 'org-v6', 1, 1, 30.00, 0, 30.00, '2026-01-09T07:00:00Z', '2026-01-09T07:00:00Z', 0, 0
  FROM stores WHERE domain = 'v6-woo.example';

INSERT INTO compliance_requests (org_id, store_id, topic, request, data)
SELECT 'org-v6', id, 'customers/data_request', '{"customer": {"email": "ann@example.com"}}', '{"orders": 1}'
  FROM stores WHERE domain = 'v6-shop.myshopify.com';
