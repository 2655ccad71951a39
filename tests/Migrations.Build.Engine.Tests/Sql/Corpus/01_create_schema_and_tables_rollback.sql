-- expect-statements: 3
DROP TABLE IF EXISTS billing.invoice;
DROP TABLE IF EXISTS billing.customer;
DROP SCHEMA IF EXISTS billing;
