-- expect-statements: 4
CREATE TYPE billing.invoice_status AS ENUM ('draft', 'issued', 'paid', 'void');
ALTER TABLE billing.invoice ADD COLUMN status billing.invoice_status NOT NULL DEFAULT 'draft';
ALTER TYPE billing.invoice_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';
CREATE TYPE billing.money_amount AS (cents bigint, currency char(3));
