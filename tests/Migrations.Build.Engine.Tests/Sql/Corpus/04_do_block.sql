-- expect-statements: 2
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting') THEN
        CREATE ROLE reporting NOLOGIN;
    END IF;
END
$$;

DO LANGUAGE plpgsql $do$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'billing' LOOP
        EXECUTE format('GRANT SELECT ON billing.%I TO reporting;', r.tablename);
    END LOOP;
    FOR i IN 1..10 LOOP
        RAISE NOTICE 'iteration %', i;
    END LOOP;
END
$do$;
