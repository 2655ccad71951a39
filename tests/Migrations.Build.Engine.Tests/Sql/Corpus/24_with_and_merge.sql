-- expect-statements: 2
WITH moved AS (
    DELETE FROM billing.invoice WHERE status = 'void' RETURNING *
)
INSERT INTO billing.invoice_archive SELECT * FROM moved;

MERGE INTO billing.customer AS c
USING (VALUES ('a@example.com', 'A'), ('b@example.com', 'B')) AS s(email, name)
   ON c.email = s.email
WHEN MATCHED THEN UPDATE SET "Display Name" = s.name
WHEN NOT MATCHED THEN INSERT (email, "Display Name") VALUES (s.email, s.name);
