namespace Migrations.Build.Engine.Local;

/// <summary>
/// The built-in <c>MigrationsLocalBootstrap=supabase</c>: the smallest part of Supabase that migrations lean on (the
/// API roles and auth.uid()/role()/jwt() reading the request's JWT claims the way PostgREST sets them), so that
/// grants and row level security policies written for Supabase apply on plain PostgreSQL. Behaves like
/// what the sample Billing.Database migrations need. Never meant to run on a real Supabase project.
/// </summary>
internal static class SupabaseShim
{
    /// <summary>
    /// Idempotent. Roles are cluster-wide while the rest is per database, and parallel throwaway databases on one
    /// server bootstrap at the same time: a role created by a concurrent session between the existence check and
    /// CREATE ROLE is therefore expected and ignored.
    /// </summary>
    public const string Sql = """
        do $$
        declare
          wanted text[] := array['anon', 'authenticated', 'service_role'];
          role_name text;
        begin
          foreach role_name in array wanted loop
            if not exists (select 1 from pg_catalog.pg_roles where rolname = role_name) then
              begin
                -- As on Supabase, the backend role is not subject to row level security.
                if role_name = 'service_role' then
                  create role service_role nologin noinherit bypassrls;
                else
                  execute pg_catalog.format('create role %I nologin noinherit', role_name);
                end if;
              exception when duplicate_object or unique_violation then
                null;
              end;
            end if;
          end loop;
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

        comment on schema auth is 'Local stand-in for the Supabase auth schema (MigrationsLocalBootstrap=supabase); not for use on Supabase.';
        """;
}
