-- expect-statements: 4
CREATE OR REPLACE VIEW billing.open_invoices AS
SELECT i.id, i.amount_cents, c.email
FROM billing.invoice i
JOIN billing.customer c ON c.id = i.customer_id
WHERE i.status IN ('draft', 'issued');

CREATE MATERIALIZED VIEW billing.monthly_revenue AS
SELECT date_trunc('month', issued_on) AS month, sum(amount_cents)::numeric / 100 AS revenue
FROM billing.invoice
GROUP BY 1
WITH NO DATA;

CREATE UNIQUE INDEX monthly_revenue_month ON billing.monthly_revenue (month);
REFRESH MATERIALIZED VIEW billing.monthly_revenue;
