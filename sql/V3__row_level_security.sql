-- Row-level security on every tenant table (DESIGN.md 5), and the daily rollups that keep revenue analytics
-- fast at a million orders (DESIGN.md 9, 11). Everything here runs as the runtime user that owns the tables.

-------------------------------------------------------------------------------------------------------------
-- The tenant role and the policies
-------------------------------------------------------------------------------------------------------------

-- The API switches to this role for every request (TenantScope: SET LOCAL ROLE). It cannot bypass RLS, so a
-- query it runs sees the organization named by orderlink.org_id and nothing else, whatever its WHERE says.
-- Roles belong to the server, not the database: another database on the server may have created it already.
DO $$
BEGIN
    CREATE ROLE orderlink_tenant NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT orderlink_tenant TO %I', current_user);
EXCEPTION WHEN duplicate_object OR unique_violation OR internal_error THEN
    NULL; -- already a member (concurrent migrations of two test databases race here)
END
$$;

-- The organization of the current transaction, or null outside any tenant scope. A setting once made LOCAL
-- reads as '' after its transaction, hence the nullif.
CREATE FUNCTION orderlink_org() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT nullif(current_setting('orderlink.org_id', true), '') $$;

-- Makes a table a tenant table. Two permissive policies:
--   tenant_isolation (everyone): rows of the organization in scope;
--   system_unscoped (the runtime user only): every row, but only while no organization is in scope. This is
--   how the attribution worker, ingest and registration (cross-tenant by nature, on the owner connection,
--   without TenantScope) keep working under FORCE ROW LEVEL SECURITY; the tenant role is not a member of the
--   runtime user, so this policy never applies to the API.
-- New tenant tables (V4+) call this, and get listed in RowLevelSecurityTest.
CREATE FUNCTION orderlink_protect_tenant_table(t regclass, org_column text DEFAULT 'org_id') RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    -- (SELECT …) makes the setting an init plan, read once per query rather than once per row.
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (%I = (SELECT orderlink_org()))', t, org_column);
    EXECUTE format('CREATE POLICY system_unscoped ON %s TO %I USING ((SELECT orderlink_org()) IS NULL)', t, current_user);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO orderlink_tenant', t);
END
$$;

SELECT orderlink_protect_tenant_table(t)
  FROM unnest(ARRAY['stores', 'webhook_inbox', 'conversations', 'conversation_activity', 'orders',
                    'order_refunds', 'customers', 'compliance_requests']::regclass[]) AS t;

-- The API adds the caller's organization on its first store connection and reads its own row.
SELECT orderlink_protect_tenant_table('organizations', 'id');
REVOKE DELETE ON organizations FROM orderlink_tenant;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO orderlink_tenant;

-- Ingest's store lookup is cross-tenant by nature: it runs with its owner's rights, on a fixed search_path so
-- no caller can shadow a table, and only the runtime user may call it (it returns every tenant's sealed secrets).
ALTER FUNCTION webhook_store_lookup(text, text) SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE EXECUTE ON FUNCTION webhook_store_lookup(text, text) FROM PUBLIC;

-------------------------------------------------------------------------------------------------------------
-- Analytics rollups
--
-- Per UTC day, maintained by statement-level triggers in the same transaction as the change they summarize,
-- so the attribution worker needs no change: any INSERT, UPDATE or DELETE on orders, customers or
-- conversations (one row or a batch, ON CONFLICT included) updates them. Only orders that count (paid, not
-- cancelled, test or deleted) contribute, exactly as a plain SUM over orders would. Each statement applies its
-- net change in key order and skips keys whose change nets to zero.
--
-- Lock note for writers: a statement that changes orders locks the rollup rows of the days it touches until
-- commit. A transaction that changes several orders in several statements can, in rare interleavings, deadlock
-- with another such transaction (40P01); PostgreSQL aborts one, which should be retried (as for customers).
--
-- Readers use the *_facts functions below: rollup rows for the whole UTC days of a range, plus the orders
-- themselves for the partial days at either end, so any [start, end) gives what a plain SUM gives.
-------------------------------------------------------------------------------------------------------------

CREATE FUNCTION utc_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (t AT TIME ZONE 'UTC')::date $$;

-- The first day of the UTC day's (span 'day') or month's (span 'month') rollup row.
CREATE FUNCTION span_start(span text, day date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE span WHEN 'month' THEN date_trunc('month', day::timestamp)::date ELSE day END $$;

-- Confidence bands for analytics (DESIGN.md section 6): high >= 0.85, medium >= 0.65, low >= 0.50, else none.
CREATE FUNCTION confidence_bucket(confidence numeric) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN confidence >= 0.85 THEN 'high' WHEN confidence >= 0.65 THEN 'medium'
               WHEN confidence >= 0.50 THEN 'low' ELSE 'none' END $$;

CREATE FUNCTION conversion_seconds_of(ordered_at timestamptz, last_activity_at timestamptz) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT extract(epoch FROM ordered_at - last_activity_at) $$;

-- Histogram bin of a time to conversion: bucket * 100 + one of 16 equal sub-bins. Buckets have inclusive
-- upper bounds: 0 = up to 1 h, 1 = up to 6 h, 2 = up to 24 h, 3 = up to 7 d, 4 = beyond (one bin).
-- The exact median is found in two steps: the rollup's bin counts locate the bin, then the orders of that bin
-- (an index range) give the exact value.
CREATE FUNCTION conversion_bin_of(seconds numeric) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
    SELECT CASE
        WHEN seconds <= 3600   THEN least(15, floor(greatest(seconds, 0) * 16 / 3600))::integer
        WHEN seconds <= 21600  THEN 100 + least(15, floor((seconds - 3600) * 16 / 18000))::integer
        WHEN seconds <= 86400  THEN 200 + least(15, floor((seconds - 21600) * 16 / 64800))::integer
        WHEN seconds <= 604800 THEN 300 + least(15, floor((seconds - 86400) * 16 / 518400))::integer
        ELSE 400
    END
$$;

-- Histogram bin of a lifetime value: about 1.6 % wide, so the median's bin holds few customers.
CREATE FUNCTION ltv_bin_of(net numeric) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN net <= 0 THEN -1 ELSE floor(ln(net + 1) * 64)::integer END $$;

-- The products of an order's line items ({productId, variantId, name, sku, quantity, price, total}), keyed by
-- product id, else sku, else name. A line without a decimal total counts price x quantity.
CREATE FUNCTION order_products(line_items jsonb)
    RETURNS TABLE (product_key text, name text, quantity bigint, revenue numeric)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
    SELECT coalesce('id:' || nullif(i->>'productId', ''), 'sku:' || nullif(i->>'sku', ''),
                    'name:' || nullif(i->>'name', ''), 'unknown'),
           i->>'name',
           CASE WHEN i->>'quantity' ~ '^-?[0-9]{1,9}$' THEN (i->>'quantity')::bigint ELSE 0 END,
           CASE WHEN i->>'total' ~ '^-?[0-9]+(\.[0-9]+)?$' THEN (i->>'total')::numeric
                WHEN i->>'price' ~ '^-?[0-9]+(\.[0-9]+)?$' AND i->>'quantity' ~ '^-?[0-9]{1,9}$'
                    THEN (i->>'price')::numeric * (i->>'quantity')::bigint
                ELSE 0 END
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(line_items) = 'array' THEN line_items ELSE '[]' END) AS i
$$;

CREATE TABLE order_rollup (
    org_id   text    NOT NULL,
    store_id bigint  NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day      date    NOT NULL,
    currency text    NOT NULL,
    platform text    NOT NULL,
    method   text    NOT NULL,
    bucket   text    NOT NULL,
    orders   bigint  NOT NULL,
    gross    numeric NOT NULL,
    refunds  numeric NOT NULL,
    PRIMARY KEY (store_id, day, currency, platform, method, bucket)
);
CREATE INDEX order_rollup_org_day ON order_rollup (org_id, day);

-- Counting, attributed orders that have a last chat activity: their time from that activity to the order.
-- This rollup and the product rollup have many rows per day (bins, products), so they are kept per day and
-- per month (span 'month', day = the month's first day): a year is read as 12 monthly rows per key, not 365.
CREATE TABLE conversion_rollup (
    org_id   text    NOT NULL,
    store_id bigint  NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    span     text    NOT NULL CHECK (span IN ('day', 'month')),
    day      date    NOT NULL,
    bin      integer NOT NULL,
    orders   bigint  NOT NULL,
    seconds  numeric NOT NULL,
    PRIMARY KEY (store_id, span, day, bin)
);
CREATE INDEX conversion_rollup_org_day ON conversion_rollup (org_id, span, day);

-- Line items of counting, attributed orders: revenue is the line totals (before refunds, which are per order).
CREATE TABLE product_rollup (
    org_id      text    NOT NULL,
    store_id    bigint  NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    span        text    NOT NULL CHECK (span IN ('day', 'month')),
    day         date    NOT NULL,
    currency    text    NOT NULL,
    product_key text    NOT NULL,
    name        text,
    quantity    bigint  NOT NULL,
    revenue     numeric NOT NULL,
    PRIMARY KEY (store_id, span, day, currency, product_key)
);
CREATE INDEX product_rollup_org_day ON product_rollup (org_id, span, day);

CREATE TABLE conversation_rollup (
    org_id        text   NOT NULL,
    store_id      bigint NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day           date   NOT NULL,
    conversations bigint NOT NULL,
    PRIMARY KEY (store_id, day)
);
CREATE INDEX conversation_rollup_org_day ON conversation_rollup (org_id, day);

-- Customers with at least one paid order, by lifetime value bin (lifetime: not per day).
CREATE TABLE customer_ltv_bins (
    org_id    text    NOT NULL,
    store_id  bigint  NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    currency  text    NOT NULL,
    bin       integer NOT NULL,
    customers bigint  NOT NULL,
    returning_customers bigint NOT NULL,
    net       numeric NOT NULL,
    PRIMARY KEY (store_id, currency, bin)
);
CREATE INDEX customer_ltv_bins_org ON customer_ltv_bins (org_id, currency);

SELECT orderlink_protect_tenant_table(t)
  FROM unnest(ARRAY['order_rollup', 'conversion_rollup', 'product_rollup', 'conversation_rollup',
                    'customer_ltv_bins']::regclass[]) AS t;

-- The exact-median step reads one histogram bin of orders or customers by index, in value order, so it walks to
-- the middle of one bin instead of sorting it. Bins and values are stored (generated) columns, not index
-- expressions: under row-level security a condition on a function that is not leakproof (ln, extract, …) cannot
-- be an index condition, so the tenant role would scan every row of its organization; an integer equality can.
-- Writers need no change (generated columns are never written).
ALTER TABLE orders
    ADD COLUMN conversion_seconds numeric GENERATED ALWAYS AS (conversion_seconds_of(ordered_at, last_activity_at)) STORED,
    ADD COLUMN conversion_bin integer
        GENERATED ALWAYS AS (conversion_bin_of(conversion_seconds_of(ordered_at, last_activity_at))) STORED;
ALTER TABLE customers ADD COLUMN ltv_bin integer GENERATED ALWAYS AS (ltv_bin_of(net)) STORED;
CREATE INDEX orders_conversion_bin ON orders (org_id, conversion_bin, conversion_seconds)
    INCLUDE (ordered_at, store_id)
    WHERE counts AND method <> 'no_match' AND last_activity_at IS NOT NULL;
CREATE INDEX customers_ltv_bin ON customers (org_id, currency, ltv_bin, net) INCLUDE (store_id)
    WHERE paid_orders > 0;
CREATE INDEX conversations_store_started ON conversations (store_id, started_at);

-- The signed change of one statement: +1 for new row versions, -1 for old ones. Transition tables are visible
-- to EXECUTE, and a trigger with transition tables fires for one event only, hence one function, three triggers.
CREATE FUNCTION rollup_changes(source text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$
    SELECT CASE source
        WHEN 'INSERT' THEN 'SELECT 1 AS sign, n.* FROM new_rows n'
        WHEN 'DELETE' THEN 'SELECT -1 AS sign, o.* FROM old_rows o'
        ELSE 'SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1, o.* FROM old_rows o'
    END
$$;

CREATE FUNCTION orders_rollup() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    changes text := rollup_changes(TG_OP);
BEGIN
    EXECUTE format($q$
        INSERT INTO order_rollup AS r (org_id, store_id, day, currency, platform, method, bucket, orders, gross, refunds)
        SELECT org_id, store_id, utc_day(ordered_at), currency, platform, method, confidence_bucket(confidence),
               sum(sign), sum(sign * total), sum(sign * refunded)
          FROM (%s) c
         WHERE counts
         GROUP BY 1, 2, 3, 4, 5, 6, 7
        HAVING sum(sign) <> 0 OR sum(sign * total) <> 0 OR sum(sign * refunded) <> 0
         ORDER BY 2, 3, 4, 5, 6, 7
        ON CONFLICT (store_id, day, currency, platform, method, bucket) DO UPDATE
           SET orders = r.orders + EXCLUDED.orders, gross = r.gross + EXCLUDED.gross,
               refunds = r.refunds + EXCLUDED.refunds$q$, changes);

    EXECUTE format($q$
        INSERT INTO conversion_rollup AS r (org_id, store_id, span, day, bin, orders, seconds)
        SELECT org_id, store_id, s.span, span_start(s.span, utc_day(ordered_at)),
               conversion_bin, sum(sign), sum(sign * conversion_seconds)
          FROM (%s) c CROSS JOIN (VALUES ('day'), ('month')) AS s (span)
         WHERE counts AND method <> 'no_match' AND last_activity_at IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(sign) <> 0 OR sum(sign * conversion_seconds) <> 0
         ORDER BY 2, 3, 4, 5
        ON CONFLICT (store_id, span, day, bin) DO UPDATE
           SET orders = r.orders + EXCLUDED.orders, seconds = r.seconds + EXCLUDED.seconds$q$, changes);

    EXECUTE format($q$
        INSERT INTO product_rollup AS r (org_id, store_id, span, day, currency, product_key, name, quantity, revenue)
        SELECT c.org_id, c.store_id, s.span, span_start(s.span, utc_day(c.ordered_at)), c.currency, p.product_key,
               max(p.name) FILTER (WHERE c.sign > 0), sum(c.sign * p.quantity), sum(c.sign * p.revenue)
          FROM (%s) c CROSS JOIN LATERAL order_products(c.line_items) p CROSS JOIN (VALUES ('day'), ('month')) AS s (span)
         WHERE c.counts AND c.method <> 'no_match'
         GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(c.sign * p.quantity) <> 0 OR sum(c.sign * p.revenue) <> 0
         ORDER BY 2, 3, 4, 5, 6
        ON CONFLICT (store_id, span, day, currency, product_key) DO UPDATE
           SET name = coalesce(EXCLUDED.name, r.name), quantity = r.quantity + EXCLUDED.quantity,
               revenue = r.revenue + EXCLUDED.revenue$q$, changes);
    RETURN NULL;
END
$$;

CREATE TRIGGER orders_rollup_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION orders_rollup();
CREATE TRIGGER orders_rollup_update AFTER UPDATE ON orders REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION orders_rollup();
CREATE TRIGGER orders_rollup_delete AFTER DELETE ON orders REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION orders_rollup();

CREATE FUNCTION conversations_rollup() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format($q$
        INSERT INTO conversation_rollup AS r (org_id, store_id, day, conversations)
        SELECT org_id, store_id, utc_day(started_at), sum(sign)
          FROM (%s) c
         GROUP BY 1, 2, 3
        HAVING sum(sign) <> 0
         ORDER BY 2, 3
        ON CONFLICT (store_id, day) DO UPDATE SET conversations = r.conversations + EXCLUDED.conversations$q$,
        rollup_changes(TG_OP));
    RETURN NULL;
END
$$;

CREATE TRIGGER conversations_rollup_insert AFTER INSERT ON conversations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION conversations_rollup();
CREATE TRIGGER conversations_rollup_update AFTER UPDATE ON conversations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversations_rollup();
CREATE TRIGGER conversations_rollup_delete AFTER DELETE ON conversations REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION conversations_rollup();

CREATE FUNCTION customers_rollup() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format($q$
        INSERT INTO customer_ltv_bins AS r (org_id, store_id, currency, bin, customers, returning_customers, net)
        SELECT org_id, store_id, currency, ltv_bin, sum(sign), coalesce(sum(sign) FILTER (WHERE is_returning), 0),
               sum(sign * net)
          FROM (%s) c
         WHERE paid_orders > 0
         GROUP BY 1, 2, 3, 4
        HAVING sum(sign) <> 0 OR coalesce(sum(sign) FILTER (WHERE is_returning), 0) <> 0 OR sum(sign * net) <> 0
         ORDER BY 2, 3, 4
        ON CONFLICT (store_id, currency, bin) DO UPDATE
           SET customers = r.customers + EXCLUDED.customers,
               returning_customers = r.returning_customers + EXCLUDED.returning_customers,
               net = r.net + EXCLUDED.net$q$, rollup_changes(TG_OP));
    RETURN NULL;
END
$$;

CREATE TRIGGER customers_rollup_insert AFTER INSERT ON customers REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION customers_rollup();
CREATE TRIGGER customers_rollup_update AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_rollup();
CREATE TRIGGER customers_rollup_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION customers_rollup();

-------------------------------------------------------------------------------------------------------------
-- Readers: rollup rows for the whole UTC days of [p_start, p_end), source rows for the partial days at its ends.
-------------------------------------------------------------------------------------------------------------

-- The whole UTC days of [p_start, p_end) are [range_first_day, range_end_day); the partial days at its ends are
-- [p_start, range_head_end) and [range_tail_start, p_end), empty when the range starts or ends at midnight.
-- Immutable, so with the values of a request they fold to constants and the planner sees plain index ranges.
CREATE FUNCTION range_first_day(p_start timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN p_start = utc_day(p_start)::timestamp AT TIME ZONE 'UTC' THEN utc_day(p_start) ELSE utc_day(p_start) + 1 END $$;

CREATE FUNCTION range_end_day(p_start timestamptz, p_end timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT greatest(range_first_day(p_start), utc_day(p_end)) $$;

CREATE FUNCTION range_head_end(p_start timestamptz, p_end timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT least(p_end, range_first_day(p_start)::timestamp AT TIME ZONE 'UTC') $$;

CREATE FUNCTION range_tail_start(p_start timestamptz, p_end timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT greatest(p_start, range_end_day(p_start, p_end)::timestamp AT TIME ZONE 'UTC') $$;

-- The whole months among those days, [range_first_month, range_end_month), read from monthly rows; the days
-- before and after them from daily rows. Without a whole month both are range_end_day.
CREATE FUNCTION range_first_month(p_start timestamptz, p_end timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
    SELECT least(range_end_day(p_start, p_end),
                 CASE WHEN range_first_day(p_start) = span_start('month', range_first_day(p_start)) THEN range_first_day(p_start)
                      ELSE (span_start('month', range_first_day(p_start)) + interval '1 month')::date END)
$$;

CREATE FUNCTION range_end_month(p_start timestamptz, p_end timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT greatest(range_first_month(p_start, p_end), span_start('month', range_end_day(p_start, p_end))) $$;

CREATE FUNCTION order_facts(p_org text, p_store bigint, p_start timestamptz, p_end timestamptz)
    RETURNS TABLE (day date, currency text, platform text, method text, bucket text, orders bigint,
                   gross numeric, refunds numeric)
    LANGUAGE sql STABLE AS
$$
    SELECT r.day, r.currency, r.platform, r.method, r.bucket, r.orders, r.gross, r.refunds
      FROM order_rollup r
     WHERE r.org_id = p_org AND r.day >= range_first_day(p_start) AND r.day < range_end_day(p_start, p_end)
       AND (p_store IS NULL OR r.store_id = p_store)
    UNION ALL
    SELECT utc_day(o.ordered_at), o.currency, o.platform, o.method, confidence_bucket(o.confidence), 1,
           o.total, o.refunded
      FROM orders o
     WHERE o.org_id = p_org AND (p_store IS NULL OR o.store_id = p_store) AND o.counts
       AND ((o.ordered_at >= p_start AND o.ordered_at < range_head_end(p_start, p_end))
         OR (o.ordered_at >= range_tail_start(p_start, p_end) AND o.ordered_at < p_end))
$$;

CREATE FUNCTION conversion_facts(p_org text, p_store bigint, p_start timestamptz, p_end timestamptz)
    RETURNS TABLE (bin integer, orders bigint, seconds numeric)
    LANGUAGE sql STABLE AS
$$
    SELECT r.bin, r.orders, r.seconds
      FROM conversion_rollup r
     WHERE r.org_id = p_org AND (p_store IS NULL OR r.store_id = p_store)
       AND ((r.span = 'month' AND r.day >= range_first_month(p_start, p_end) AND r.day < range_end_month(p_start, p_end))
         OR (r.span = 'day' AND r.day >= range_first_day(p_start) AND r.day < range_first_month(p_start, p_end))
         OR (r.span = 'day' AND r.day >= range_end_month(p_start, p_end) AND r.day < range_end_day(p_start, p_end)))
    UNION ALL
    SELECT o.conversion_bin, 1, o.conversion_seconds
      FROM orders o
     WHERE o.org_id = p_org AND (p_store IS NULL OR o.store_id = p_store)
       AND o.counts AND o.method <> 'no_match' AND o.last_activity_at IS NOT NULL
       AND ((o.ordered_at >= p_start AND o.ordered_at < range_head_end(p_start, p_end))
         OR (o.ordered_at >= range_tail_start(p_start, p_end) AND o.ordered_at < p_end))
$$;

CREATE FUNCTION product_facts(p_org text, p_store bigint, p_start timestamptz, p_end timestamptz)
    RETURNS TABLE (currency text, product_key text, name text, quantity bigint, revenue numeric)
    LANGUAGE sql STABLE AS
$$
    SELECT r.currency, r.product_key, r.name, r.quantity, r.revenue
      FROM product_rollup r
     WHERE r.org_id = p_org AND (p_store IS NULL OR r.store_id = p_store)
       AND ((r.span = 'month' AND r.day >= range_first_month(p_start, p_end) AND r.day < range_end_month(p_start, p_end))
         OR (r.span = 'day' AND r.day >= range_first_day(p_start) AND r.day < range_first_month(p_start, p_end))
         OR (r.span = 'day' AND r.day >= range_end_month(p_start, p_end) AND r.day < range_end_day(p_start, p_end)))
    UNION ALL
    SELECT o.currency, p.product_key, p.name, p.quantity, p.revenue
      FROM orders o CROSS JOIN LATERAL order_products(o.line_items) p
     WHERE o.org_id = p_org AND (p_store IS NULL OR o.store_id = p_store) AND o.counts AND o.method <> 'no_match'
       AND ((o.ordered_at >= p_start AND o.ordered_at < range_head_end(p_start, p_end))
         OR (o.ordered_at >= range_tail_start(p_start, p_end) AND o.ordered_at < p_end))
$$;

CREATE FUNCTION conversation_count(p_org text, p_store bigint, p_start timestamptz, p_end timestamptz)
    RETURNS bigint LANGUAGE sql STABLE AS
$$
    SELECT coalesce(sum(n), 0)::bigint FROM (
        SELECT r.conversations AS n
          FROM conversation_rollup r
         WHERE r.org_id = p_org AND r.day >= range_first_day(p_start) AND r.day < range_end_day(p_start, p_end)
           AND (p_store IS NULL OR r.store_id = p_store)
        UNION ALL
        SELECT 1
          FROM conversations c
         WHERE c.org_id = p_org AND (p_store IS NULL OR c.store_id = p_store)
           AND ((c.started_at >= p_start AND c.started_at < range_head_end(p_start, p_end))
             OR (c.started_at >= range_tail_start(p_start, p_end) AND c.started_at < p_end))
    ) counted
$$;
