-- expect-statements: 3
-- migrations:no-transaction
VACUUM (ANALYZE, VERBOSE) billing.invoice;
ANALYZE billing.customer;
REINDEX INDEX CONCURRENTLY billing.invoice_customer;
