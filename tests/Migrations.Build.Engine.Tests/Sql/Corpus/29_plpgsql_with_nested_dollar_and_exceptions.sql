-- expect-statements: 2
CREATE OR REPLACE FUNCTION billing.safe_charge(p_invoice bigint, p_amount integer)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = billing, pg_temp
AS $charge$
DECLARE
    v_status billing.invoice_status;
BEGIN
    SELECT status INTO STRICT v_status FROM invoice WHERE id = p_invoice FOR UPDATE;
    IF v_status <> 'issued' THEN
        RAISE EXCEPTION USING MESSAGE = format('invoice %s is %s; cannot charge', p_invoice, v_status),
                              ERRCODE = 'P0001';
    END IF;
    EXECUTE $sql$UPDATE invoice SET status = 'paid' WHERE id = $1$sql$ USING p_invoice;
    RETURN true;
EXCEPTION
    WHEN no_data_found THEN
        RETURN false;
    WHEN others THEN
        RAISE WARNING 'charge failed: % (%)', SQLERRM, SQLSTATE;
        RETURN false;
END;
$charge$;
REVOKE ALL ON FUNCTION billing.safe_charge(bigint, integer) FROM PUBLIC;
