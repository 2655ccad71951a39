-- expect-statements: 5
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE SEQUENCE billing.invoice_number_seq START WITH 1000 INCREMENT BY 1 NO CYCLE;
ALTER TABLE billing.invoice ADD COLUMN number bigint NOT NULL DEFAULT nextval('billing.invoice_number_seq');
SELECT setval('billing.invoice_number_seq', (SELECT coalesce(max(number), 1000) FROM billing.invoice));
