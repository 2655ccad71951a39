-- expect-statements: 6
ALTER TABLE billing.invoice ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing.invoice FORCE ROW LEVEL SECURITY;

CREATE POLICY invoice_owner_select ON billing.invoice
    FOR SELECT
    TO authenticated
    USING (customer_id = (SELECT id FROM billing.customer WHERE email = (auth.jwt() ->> 'email')));

CREATE POLICY invoice_owner_insert ON billing.invoice
    FOR INSERT
    TO authenticated
    WITH CHECK (amount_cents >= 0 AND currency IN ('EUR', 'USD', 'GBP'));

CREATE POLICY "Service role has full access" ON billing.invoice
    TO service_role USING (true) WITH CHECK (true);

DROP POLICY IF EXISTS "old policy; replaced" ON billing.invoice;
