-- expect-statements: 6
GRANT USAGE ON SCHEMA billing TO authenticated, service_role;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA billing TO service_role;
GRANT SELECT ON billing.open_invoices TO authenticated;
REVOKE ALL ON billing.event FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA billing GRANT SELECT ON TABLES TO reporting;
SECURITY LABEL FOR dummy ON TABLE billing.invoice IS 'classified';
