-- expect-statements: 2
/*
 * Migration notes.
 * /* Nested: PostgreSQL allows this; it's closed below. */
 * SELECT 'not a statement';
 */
CREATE INDEX invoice_customer ON billing.invoice (customer_id);
/* trailing /* nested */ block */ CREATE INDEX invoice_issued ON billing.invoice (issued_on DESC NULLS LAST);
