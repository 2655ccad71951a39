-- expect-statements: 2
CREATE RULE invoice_audit AS ON UPDATE TO billing.invoice
    DO ALSO (
        INSERT INTO billing.audit (table_name, row_id) VALUES ('invoice', NEW.id);
        NOTIFY invoice_changed;
    );
CREATE RULE no_delete AS ON DELETE TO billing.customer DO INSTEAD NOTHING;
