-- expect-statements: 2
-- migrations:no-transaction
-- Large table: build the index without blocking writes.
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoice_status_idx ON billing.invoice (status);
CREATE UNIQUE INDEX CONCURRENTLY customer_email_lower ON billing.customer (lower(email));
