-- expect-statements: 5
ALTER TABLE billing.customer ALTER COLUMN email TYPE citext USING email::citext;
ALTER TABLE billing.customer RENAME COLUMN "Display Name" TO display_name;
ALTER TABLE billing.invoice ALTER COLUMN currency SET DEFAULT 'USD', ALTER COLUMN amount_cents SET NOT NULL;
ALTER TABLE IF EXISTS billing.note RENAME TO memo;
ALTER INDEX IF EXISTS billing.note_body RENAME TO memo_body;
