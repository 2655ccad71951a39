-- expect-statements: 2
CREATE OR REPLACE FUNCTION billing.invoice_total(p_customer bigint)
RETURNS bigint
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    total bigint := 0;
BEGIN
    SELECT coalesce(sum(amount_cents), 0) INTO total
    FROM billing.invoice
    WHERE customer_id = p_customer;  -- a comment with a ; inside
    IF total < 0 THEN
        RAISE EXCEPTION 'negative total for customer %: it''s broken', p_customer;
    END IF;
    RETURN total;
END;
$$;

GRANT EXECUTE ON FUNCTION billing.invoice_total(bigint) TO authenticated;
