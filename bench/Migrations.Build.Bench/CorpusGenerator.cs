using System.Globalization;
using System.Text;

namespace Migrations.Build.Bench;

/// <summary>
/// Writes a deterministic corpus of migration pairs shaped like a real project's history: each forward is a handful
/// of changes (tables with constraints and indexes, enums, plpgsql functions whose $$ bodies hold ';' and quotes,
/// triggers, row level security policies, views, data fixes, comments) and its rollback drops them in reverse.
/// The same seed always gives the same bytes, so numbers from two runs or two machines measure the same input.
/// Every generated file is valid for the validator: a diagnostic on the corpus is a generator bug, not a result.
/// </summary>
internal static class CorpusGenerator
{
    private static readonly string[] Schemas = ["public", "billing", "app", "audit", "catalog"];

    private static readonly string[] Nouns =
    [
        "account", "invoice", "order", "payment", "customer", "product", "shipment", "ticket", "session", "document",
        "project", "task", "comment", "tag", "webhook", "refund", "coupon", "plan", "device", "message",
    ];

    private static readonly string[] Adjectives = ["archived", "pending", "external", "daily", "shared", "legacy", "primary", "scheduled"];

    private static readonly string[] ColumnTypes =
    [
        "text", "text not null", "integer not null default 0", "bigint", "boolean not null default false",
        "timestamptz", "timestamptz not null default now()", "numeric(12, 2) not null default 0", "jsonb not null default '{}'::jsonb",
        "uuid", "date", "text[] not null default '{}'",
    ];

    /// <summary>Generates <paramref name="pairs"/> pairs in <paramref name="directory"/> (forwards and rollbacks side by side, as in the samples).</summary>
    public static CorpusInfo Write(string directory, int pairs, int seed = 20250210)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var start = new DateTime(2023, 1, 2, 9, 0, 0, DateTimeKind.Utc);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        long bytes = 0;
        for (var i = 0; i < pairs; i++)
        {
            // Versions a few minutes to a few hours apart, strictly increasing, so they are unique and sort in order.
            start = start.AddMinutes(random.Next(3, 600));
            var version = start.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var migration = Migration(random, i);
            var id = $"{version}_{migration.Name}";
            var forward = utf8.GetBytes(migration.Forward);
            var rollback = utf8.GetBytes(migration.Rollback);
            File.WriteAllBytes(Path.Combine(directory, id + ".sql"), forward);
            File.WriteAllBytes(Path.Combine(directory, id + "_rollback.sql"), rollback);
            bytes += forward.Length + rollback.Length;
        }

        return new CorpusInfo(directory, pairs * 2, bytes);
    }

    private static (string Name, string Forward, string Rollback) Migration(Random random, int index)
    {
        var forward = new StringBuilder(4096);
        // Undo steps are collected in forward order and written reversed: later objects depend on earlier ones.
        var undo = new List<string>();
        var schema = Pick(random, Schemas);
        var noun = Pick(random, Nouns);
        var table = $"{schema}.{noun}s_{index}";
        var name = $"add_{Pick(random, Adjectives)}_{noun}s_{index}";

        Header(forward, random, name, index);
        var steps = 2 + random.Next(5);
        var hasTable = false;
        for (var step = 0; step < steps; step++)
        {
            // The first step of most migrations creates the table the later steps hang off.
            var kind = step == 0 && random.Next(10) < 7 ? 0 : random.Next(9);
            if (kind != 0 && kind != 1 && kind != 7 && !hasTable)
            {
                kind = 0;
            }

            switch (kind)
            {
                case 0 when !hasTable:
                    CreateTable(forward, undo, random, table, noun);
                    hasTable = true;
                    break;
                case 0 or 1:
                    CreateEnum(forward, undo, random, $"{schema}.{noun}_state_{index}_{step}");
                    break;
                case 2:
                    CreateTriggerFunction(forward, undo, random, table, $"{schema}.{noun}s_{index}_guard_{step}", $"{noun}s_{index}_guard_{step}");
                    break;
                case 3:
                    Policies(forward, undo, random, table, $"{noun}s_{index}_{step}");
                    break;
                case 4:
                    AddColumn(forward, undo, random, table, $"{Pick(random, Adjectives)}_note_{step}");
                    break;
                case 5:
                    DataFix(forward, undo, random, table);
                    break;
                case 6:
                    CreateView(forward, undo, random, table, $"{schema}.{noun}s_{index}_summary_{step}");
                    break;
                case 7:
                    CreateFunction(forward, undo, random, $"{schema}.{noun}_score_{index}_{step}");
                    break;
                default:
                    DoBlock(forward, random, table);
                    break;
            }
        }

        var rollback = new StringBuilder(1024);
        rollback.Append("-- Rollback of ").Append(name).Append('\n')
            .Append("-- Drops what the forward created, newest first; plain DROP so an unexpected state fails loudly.\n\n");
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            rollback.Append(undo[i]).Append('\n');
        }

        return (name, forward.ToString(), rollback.ToString());
    }

    private static void Header(StringBuilder sql, Random random, string name, int index)
    {
        sql.Append("-- Migration ").Append(name).Append('\n')
            .Append("--\n")
            .Append("-- Ticket PRJ-").Append(1000 + index).Append(": ").Append(Pick(random, Nouns)).Append(" changes requested by the ")
            .Append(Pick(random, Adjectives)).Append(" team.\n");
        // A few non-ASCII characters, as real comments have (author names, dashes), so decoding is not pure ASCII.
        if (random.Next(4) == 0)
        {
            sql.Append("-- Reviewed by Zoë Łukasiewicz — see the design note « ").Append(name).Append(" ».\n");
        }

        if (random.Next(6) == 0)
        {
            sql.Append("/*\n * Deployment note: run during the maintenance window; the data fix below touches\n")
                .Append(" * every row of the table, so expect it to take a while on large installations.\n */\n");
        }

        sql.Append('\n');
    }

    private static void CreateTable(StringBuilder sql, List<string> undo, Random random, string table, string noun)
    {
        var shortName = table[(table.IndexOf('.') + 1)..];
        sql.Append("create table ").Append(table).Append(" (\n")
            .Append("  id bigint generated always as identity,\n")
            .Append("  owner_id uuid not null,\n")
            .Append("  status text not null default 'pending',\n")
            .Append("  code text not null,\n");
        var columns = 2 + random.Next(8);
        for (var c = 0; c < columns; c++)
        {
            sql.Append("  ").Append(Pick(random, Adjectives)).Append('_').Append(noun).Append("_col").Append(c).Append(' ')
                .Append(Pick(random, ColumnTypes)).Append(",\n");
        }

        sql.Append("  created_at timestamptz not null default now(),\n")
            .Append("  updated_at timestamptz not null default now(),\n")
            .Append("  constraint ").Append(shortName).Append("_pkey primary key (id),\n")
            .Append("  constraint ").Append(shortName).Append("_code_key unique (owner_id, code),\n")
            .Append("  constraint ").Append(shortName).Append("_code_check check (code ~ '^[A-Z]{3}-[0-9]{4,8}$'),\n")
            .Append("  constraint ").Append(shortName).Append("_status_check check (status in ('pending', 'active', 'archived'))\n")
            .Append(");\n\n");
        sql.Append("comment on table ").Append(table).Append(" is 'The ").Append(noun).Append("s of an owner; ''code'' is what the owner''s users see.';\n");
        sql.Append("comment on column ").Append(table).Append(".status is 'pending until approved; archived rows are read-only.';\n\n");

        var indexes = random.Next(3);
        for (var i = 0; i < indexes; i++)
        {
            var indexName = $"{shortName}_idx{i}";
            sql.Append("-- Speeds up the owner's list view").Append(i == 1 ? " (only live rows)" : "").Append(".\n")
                .Append("create index ").Append(indexName).Append(" on ").Append(table).Append(" (owner_id, created_at desc)")
                .Append(i == 1 ? "\n  where status <> 'archived'" : "").Append(";\n\n");
            undo.Add($"drop index {table[..table.IndexOf('.')]}.{indexName};");
        }

        undo.Add($"drop table {table};");
    }

    private static void CreateEnum(StringBuilder sql, List<string> undo, Random random, string type)
    {
        sql.Append("create type ").Append(type).Append(" as enum (\n");
        var values = 3 + random.Next(6);
        for (var v = 0; v < values; v++)
        {
            sql.Append("  '").Append(Pick(random, Adjectives)).Append('_').Append(v).Append('\'').Append(v < values - 1 ? ",\n" : "\n");
        }

        sql.Append(");\n\n")
            .Append("comment on type ").Append(type).Append(" is 'Lifecycle state; never reorder the values, they are compared with < and >.';\n\n");
        undo.Add($"drop type {type};");
    }

    private static void CreateTriggerFunction(StringBuilder sql, List<string> undo, Random random, string table, string function, string trigger)
    {
        // $$ bodies are where ';' and quotes must not end the statement: the lexer has to see the whole body as one token.
        var tag = random.Next(3) == 0 ? "$body$" : "$$";
        sql.Append("create or replace function ").Append(function).Append("()\n")
            .Append("  returns trigger\n  language plpgsql\n  set search_path = ''\nas ").Append(tag).Append('\n')
            .Append("declare\n  v_count integer;\nbegin\n")
            .Append("  if new.status = 'archived' and old.status <> 'archived' then\n")
            .Append("    raise exception 'cannot archive %: it''s still referenced (code %)', old.id, old.code\n")
            .Append("      using errcode = 'check_violation', hint = 'Close the open items first; see the \"archive\" runbook.';\n")
            .Append("  end if;\n")
            .Append("  select count(*) into v_count from ").Append(table).Append(" t where t.owner_id = new.owner_id;\n")
            .Append("  if v_count > ").Append(100 + random.Next(900)).Append(" then\n")
            .Append("    raise warning 'owner % has % rows; consider archiving', new.owner_id, v_count;\n")
            .Append("  end if;\n")
            .Append("  new.updated_at := pg_catalog.now(); -- keep updated_at honest\n")
            .Append("  return new;\nend;\n").Append(tag).Append(";\n\n")
            .Append("create trigger ").Append(trigger).Append('\n')
            .Append("  before update on ").Append(table).Append('\n')
            .Append("  for each row\n  when (old.* is distinct from new.*)\n")
            .Append("  execute function ").Append(function).Append("();\n\n");
        undo.Add($"drop function {function}();");
        undo.Add($"drop trigger {trigger} on {table};");
    }

    private static void CreateFunction(StringBuilder sql, List<string> undo, Random random, string function)
    {
        sql.Append("/* Scores are recomputed nightly; keep this function immutable so it can back an index. */\n")
            .Append("create function ").Append(function).Append("(p_amount numeric, p_label text)\n")
            .Append("  returns numeric\n  language plpgsql\n  immutable\n  parallel safe\nas $fn$\n")
            .Append("declare\n  v_result numeric := 0;\n  v_sql text;\nbegin\n")
            .Append("  -- Nested dollar quotes and semicolons inside: one token for the lexer.\n")
            .Append("  v_sql := format($q$select %L::text || ';' $q$, p_label);\n")
            .Append("  for i in 1..").Append(2 + random.Next(8)).Append(" loop\n")
            .Append("    v_result := v_result + p_amount * ").Append(random.Next(1, 100)).Append(" / 100.0;\n")
            .Append("  end loop;\n")
            .Append("  if p_label like E'%\\\\%' then\n    return -1;\n  end if;\n")
            .Append("  return round(v_result, 2);\nend;\n$fn$;\n\n");
        undo.Add($"drop function {function}(numeric, text);");
    }

    private static void Policies(StringBuilder sql, List<string> undo, Random random, string table, string prefix)
    {
        sql.Append("alter table ").Append(table).Append(" enable row level security;\n\n")
            .Append("-- (select auth.uid()) is evaluated once per statement rather than once per row.\n")
            .Append("create policy ").Append(prefix).Append("_select_own on ").Append(table).Append('\n')
            .Append("  for select\n  to authenticated\n  using (owner_id = (select auth.uid()));\n\n");
        undo.Add($"alter table {table} disable row level security;");
        undo.Add($"drop policy {prefix}_select_own on {table};");
        if (random.Next(2) == 0)
        {
            sql.Append("create policy ").Append(prefix).Append("_service_all on ").Append(table).Append('\n')
                .Append("  for all\n  to service_role\n  using (true)\n  with check (true);\n\n")
                .Append("grant select, insert, update, delete on ").Append(table).Append(" to service_role;\n\n");
            undo.Add($"drop policy {prefix}_service_all on {table};");
            undo.Add($"revoke select, insert, update, delete on {table} from service_role;");
        }
    }

    private static void AddColumn(StringBuilder sql, List<string> undo, Random random, string table, string column)
    {
        sql.Append("alter table ").Append(table).Append('\n')
            .Append("  add column ").Append(column).Append(' ').Append(Pick(random, ColumnTypes)).Append(";\n\n");
        undo.Add($"alter table {table}\n  drop column {column};");
    }

    private static void DataFix(StringBuilder sql, List<string> undo, Random random, string table)
    {
        var days = 30 + random.Next(365);
        sql.Append("-- Data fix: rows untouched for ").Append(days).Append(" days are archived (PRJ-").Append(random.Next(1000, 9999)).Append(").\n")
            .Append("update ").Append(table).Append('\n')
            .Append("   set status = 'archived', updated_at = now()\n")
            .Append(" where status = 'pending'\n")
            .Append("   and updated_at < now() - interval '").Append(days).Append(" days';\n\n")
            .Append("insert into ").Append(table).Append(" (owner_id, code, status)\nvalues\n");
        var rows = 1 + random.Next(6);
        for (var r = 0; r < rows; r++)
        {
            sql.Append("  ('00000000-0000-0000-0000-").Append((r + 1).ToString("D12", CultureInfo.InvariantCulture))
                .Append("', 'SYS-").Append(1000 + r).Append("', 'active')").Append(r < rows - 1 ? ",\n" : "\n");
        }

        sql.Append("on conflict (owner_id, code) do nothing;\n\n");
        undo.Add($"delete from {table} where code like 'SYS-%';");
        undo.Add($"update {table} set status = 'pending' where status = 'archived' and updated_at > now() - interval '1 hour';");
    }

    private static void CreateView(StringBuilder sql, List<string> undo, Random random, string table, string view)
    {
        sql.Append("create or replace view ").Append(view).Append(" with (security_invoker = true) as\n")
            .Append("select t.owner_id,\n       count(*) filter (where t.status = 'active') as active_count,\n")
            .Append("       max(t.updated_at) as last_change,\n       string_agg(t.code, ', ' order by t.code) as codes\n")
            .Append("  from ").Append(table).Append(" t\n")
            .Append(" group by t.owner_id")
            .Append(random.Next(2) == 0 ? "\nhaving count(*) > 1" : "").Append(";\n\n")
            .Append("comment on view ").Append(view).Append(" is 'Per-owner rollup for the \"Overview\" page.';\n\n");
        undo.Add($"drop view {view};");
    }

    private static void DoBlock(StringBuilder sql, Random random, string table)
    {
        // Idempotent backfill with no rollback of its own: the rollback's drops remove what it touched.
        sql.Append("do $$\nbegin\n")
            .Append("  if exists (select 1 from ").Append(table).Append(" where code is null) then\n")
            .Append("    update ").Append(table).Append(" set code = 'LEG-' || lpad(id::text, 6, '0') where code is null;\n")
            .Append("  end if;\n")
            .Append("  perform pg_notify('migrations', 'backfilled ").Append(table).Append("; batch ").Append(random.Next(100)).Append("');\n")
            .Append("end;\n$$;\n\n");
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}

internal sealed record CorpusInfo(string Directory, int Files, long Bytes);
