-- expect-statements: 4
-- Backfill currency; note: comments can hold ; and ' and " freely.
UPDATE billing.invoice SET currency = 'EUR' WHERE currency IS NULL;
UPDATE billing.customer
   SET email = lower(email)
 WHERE email <> lower(email);
INSERT INTO billing.customer (email, "Display Name")
VALUES ('ops@example.com', 'Ops; team'),
       ('o''brien@example.com', 'O''Brien')
ON CONFLICT (email) DO NOTHING;
DELETE FROM billing.invoice WHERE amount_cents = 0 AND issued_on < DATE '2020-01-01';
