-- expect-statements: 4
(SELECT id FROM billing.invoice ORDER BY id LIMIT 1)
UNION ALL
(SELECT id FROM billing.invoice ORDER BY id DESC LIMIT 1);
VALUES (1, 'one'), (2, 'two');
TABLE billing.currency;
SHOW search_path;
