-- expect-statements: 4
ALTER TABLE billing.invoice ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE OR REPLACE FUNCTION billing.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER invoice_touch
    BEFORE UPDATE ON billing.invoice
    FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION billing.touch_updated_at();

COMMENT ON TRIGGER invoice_touch ON billing.invoice IS 'Keeps updated_at current; see touch_updated_at()';
