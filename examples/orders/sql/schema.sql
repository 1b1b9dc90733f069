-- Schema shared by both order services (layered/ and flat/). Loaded by harness/db.sh.
CREATE TABLE users (
    id        bigint PRIMARY KEY,
    tenant_id bigint NOT NULL,
    email     text   NOT NULL,
    role      text   NOT NULL
);

CREATE TABLE permissions (
    role     text NOT NULL,
    resource text NOT NULL,
    action   text NOT NULL,
    PRIMARY KEY (role, resource, action)
);

CREATE TABLE orders (
    id          bigserial   PRIMARY KEY,
    tenant_id   bigint      NOT NULL,
    user_id     bigint      NOT NULL REFERENCES users (id),
    status      text        NOT NULL,
    currency    text        NOT NULL,
    total_cents bigint      NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX orders_tenant_user_id ON orders (tenant_id, user_id, id DESC);

CREATE TABLE order_items (
    order_id    bigint NOT NULL REFERENCES orders (id),
    line        int    NOT NULL,
    sku         text   NOT NULL,
    qty         int    NOT NULL,
    price_cents bigint NOT NULL,
    PRIMARY KEY (order_id, line)
);
