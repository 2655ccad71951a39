-- expect-statements: 4
ALTER TABLE billing.invoice
    ADD CONSTRAINT invoice_currency_check CHECK (currency ~ '^[A-Z]{3}$') NOT VALID;
ALTER TABLE billing.invoice VALIDATE CONSTRAINT invoice_currency_check;
ALTER TABLE billing.invoice
    ADD CONSTRAINT invoice_customer_fk FOREIGN KEY (customer_id) REFERENCES billing.customer (id) NOT VALID;
ALTER TABLE billing.invoice VALIDATE CONSTRAINT invoice_customer_fk;
