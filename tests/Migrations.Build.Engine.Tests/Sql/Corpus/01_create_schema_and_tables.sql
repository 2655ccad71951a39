-- expect-statements: 5
-- Billing integration schema: customers and invoices.
CREATE SCHEMA IF NOT EXISTS billing;

CREATE TABLE billing.customer (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    "Display Name" text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE billing.invoice (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES billing.customer (id) ON DELETE CASCADE,
    amount_cents integer NOT NULL CHECK (amount_cents >= 0),
    currency     char(3) NOT NULL DEFAULT 'EUR',
    issued_on    date NOT NULL DEFAULT current_date
);

COMMENT ON TABLE billing.invoice IS 'One row per issued invoice; amounts in cents (no floats!)';
COMMENT ON COLUMN billing.customer."Display Name" IS 'Shown in the customer''s portal; may be NULL';
