-- Deterministic seed data: 10 000 users in 10 tenants, 100 000 orders with 1-3 items each.
-- cmd/loadgen and cmd/internal/agree rely on these formulas (see cmd/internal/seedmodel): keep them in sync.
--   user u:   tenant 1 + u % 10; role auditor if u % 100 = 0, guest if u % 100 = 1, else customer
--   order o:  user 1 + (o * 7919) % 10000, tenant of that user, o % 3 + 1 items
\set ON_ERROR_STOP on
INSERT INTO permissions (role, resource, action) VALUES
    ('customer', 'orders', 'read'),
    ('customer', 'orders', 'list'),
    ('customer', 'orders', 'create'),
    ('auditor',  'orders', 'read'),
    ('auditor',  'orders', 'list');

INSERT INTO users (id, tenant_id, email, role)
SELECT u, 1 + u % 10, 'user' || u || '@example.com',
       CASE WHEN u % 100 = 0 THEN 'auditor' WHEN u % 100 = 1 THEN 'guest' ELSE 'customer' END
FROM generate_series(1, 10000) AS u;

INSERT INTO orders (id, tenant_id, user_id, status, currency, total_cents, created_at)
SELECT o, 1 + (1 + (o * 7919) % 10000) % 10, 1 + (o * 7919) % 10000,
       (ARRAY['pending', 'paid', 'shipped', 'cancelled'])[1 + o % 4],
       (ARRAY['EUR', 'USD', 'GBP'])[1 + o % 3],
       0,
       timestamptz '2025-01-01 00:00:00+00' + o * interval '1 minute'
FROM generate_series(1, 100000) AS o;

INSERT INTO order_items (order_id, line, sku, qty, price_cents)
SELECT o, l, 'SKU-' || lpad(((o * 31 + l) % 500)::text, 4, '0'), 1 + (o + l) % 4, 100 + (o * 13 + l * 7) % 9900
FROM generate_series(1, 100000) AS o, generate_series(1, 3) AS l
WHERE l <= o % 3 + 1;

UPDATE orders SET total_cents = t.total
FROM (SELECT order_id, sum(qty * price_cents) AS total FROM order_items GROUP BY order_id) AS t
WHERE orders.id = t.order_id;

SELECT setval('orders_id_seq', 100000);
ANALYZE;
