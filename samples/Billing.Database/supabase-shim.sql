-- Minimal Supabase shim for plain PostgreSQL (13+).
--
-- Supabase provides the roles anon, authenticated and service_role and the schema auth with
-- auth.uid(), auth.role() and auth.jwt(). A plain PostgreSQL database (a throwaway test cluster,
-- a CI service container) has none of them, so migrations whose policies and grants name them
-- would fail there. Run this file once before the migrations; it is idempotent and can be run
-- again at any time. It is NOT a migration and must never be run against a real Supabase project.
--
-- The functions read the JWT the way PostgREST hands it to the database: the claims as JSON in
-- the setting request.jwt.claims, or (older PostgREST) single claims such as request.jwt.claim.sub.
-- To act as a signed-in user in a test session:
--
--   begin;
--   set local role authenticated;
--   set local request.jwt.claim.sub = '00000000-0000-0000-0000-000000000001';
--   select * from billing.customers;   -- only that user's row
--   rollback;

do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'service_role') then
    -- As on Supabase, the backend role is not subject to row level security.
    create role service_role nologin noinherit bypassrls;
  end if;
end;
$$;

create schema if not exists auth;

grant usage on schema auth to anon, authenticated, service_role;

-- The JWT claims of the current request, or an empty object when there is no request.
create or replace function auth.jwt()
  returns jsonb
  language sql
  stable
  set search_path = ''
as $$
  select coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'sub', nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
      'role', nullif(pg_catalog.current_setting('request.jwt.claim.role', true), '')
    ))
  );
$$;

-- The id of the signed-in user (the sub claim), or null for an anonymous request.
create or replace function auth.uid()
  returns uuid
  language sql
  stable
  set search_path = ''
as $$
  select coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
    nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
  )::uuid;
$$;

-- The role claim of the current request (anon, authenticated, service_role), or null.
create or replace function auth.role()
  returns text
  language sql
  stable
  set search_path = ''
as $$
  select coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.role', true), ''),
    nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
  );
$$;

grant execute on function auth.jwt() to anon, authenticated, service_role;
grant execute on function auth.uid() to anon, authenticated, service_role;
grant execute on function auth.role() to anon, authenticated, service_role;

comment on schema auth is 'Local stand-in for the Supabase auth schema (supabase-shim.sql); not for use on Supabase.';
comment on function auth.jwt() is 'JWT claims of the current request (request.jwt.claims, else request.jwt.claim.*).';
comment on function auth.uid() is 'Signed-in user id: the sub claim of the current request, or null.';
comment on function auth.role() is 'Role claim of the current request, or null.';
