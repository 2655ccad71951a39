-- expect-statements: 3
CREATE FUNCTION billing.grade(score integer) RETURNS text
    LANGUAGE sql
    IMMUTABLE
BEGIN ATOMIC
    SELECT CASE
        WHEN score >= 90 THEN 'A'
        WHEN score >= 80 THEN CASE WHEN score >= 85 THEN 'B+' ELSE 'B' END
        ELSE 'C'
    END;
END;

CREATE OR REPLACE PROCEDURE billing.archive_invoices(cutoff date)
    LANGUAGE sql
BEGIN ATOMIC
    INSERT INTO billing.invoice_archive SELECT * FROM billing.invoice WHERE issued_on < cutoff;
    DELETE FROM billing.invoice WHERE issued_on < cutoff;
END;

CALL billing.archive_invoices('2020-01-01');
