using System.Globalization;
using System.Text;

namespace Migrations.Build.DeployBench;

/// <summary>The folder written and the names the harness checks for after each deploy.</summary>
internal sealed record Corpus(string Directory, IReadOnlyList<string> ForwardPaths, IReadOnlyList<string> Tables, int Statements, long Bytes);

/// <summary>
/// Writes N small migration pairs of the everyday kind: each forward creates one table and adds 1–4 of an index, a
/// column on its own table, a column on the previous migration's table, a table comment and a column comment
/// (2–5 statements in all); each rollback drops what its forward created, newest first. Seeded, so every run and every
/// method deploys the same bytes. Every forward creates exactly one table, which is what the harness checks for.
/// </summary>
internal static class CorpusGenerator
{
    private const int Seed = 20_260_124;

    private static readonly string[] Nouns =
    [
        "customers", "orders", "invoices", "payments", "shipments", "products", "suppliers", "warehouses", "refunds",
        "coupons", "carts", "reviews", "tickets", "subscriptions", "addresses", "audit_events", "api_keys", "webhooks",
    ];

    private static readonly (string Name, string Type)[] Columns =
    [
        ("name", "text not null"),
        ("email", "text"),
        ("status", "text not null default 'pending'"),
        ("amount_cents", "bigint not null default 0"),
        ("currency", "char(3) not null default 'EUR'"),
        ("external_ref", "text"),
        ("quantity", "integer not null default 1"),
        ("is_active", "boolean not null default true"),
        ("metadata", "jsonb not null default '{}'::jsonb"),
        ("due_on", "date"),
    ];

    private enum Extra
    {
        Index,
        OwnColumn,
        PreviousTableColumn,
        TableComment,
        ColumnComment,
    }

    public static Corpus Write(string directory, int count)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(Seed);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var forwards = new List<string>(count);
        var tables = new List<string>(count);
        var statements = 0;
        long bytes = 0;
        string? previousTable = null;
        for (var i = 0; i < count; i++)
        {
            var noun = Nouns[random.Next(Nouns.Length)];
            var table = string.Create(CultureInfo.InvariantCulture, $"{noun}_{i + 1:D4}");
            var version = start.AddMinutes(i).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var id = $"{version}_create_{table}";

            // Two or three columns besides the key and created_at, distinct, in a stable order.
            var picked = Enumerable.Range(0, Columns.Length).OrderBy(_ => random.Next()).Take(2 + random.Next(2)).Order().Select(index => Columns[index]).ToList();

            // The first migration has no earlier table to alter.
            var candidates = Enum.GetValues<Extra>().Where(extra => extra != Extra.PreviousTableColumn || previousTable is not null).ToList();
            var extras = candidates.OrderBy(_ => random.Next()).Take(1 + random.Next(4)).Order().ToList();

            var forward = new StringBuilder();
            var rollback = new StringBuilder();
            forward.Append(CultureInfo.InvariantCulture, $"-- Migration {id}\n--\n-- Adds {table}");
            if (extras.Contains(Extra.PreviousTableColumn))
            {
                forward.Append(CultureInfo.InvariantCulture, $" and links {previousTable} to it");
            }

            forward.Append(".\n-- No BEGIN/COMMIT: the tool wraps the file in a transaction.\n\n");
            forward.Append(CultureInfo.InvariantCulture, $"create table public.{table} (\n  id bigint generated always as identity primary key,\n");
            foreach (var (name, type) in picked)
            {
                forward.Append(CultureInfo.InvariantCulture, $"  {name} {type},\n");
            }

            forward.Append("  created_at timestamptz not null default now()\n);\n");
            var drops = new List<string> { $"drop table public.{table};" };
            var indexed = picked[0].Name;
            foreach (var extra in extras)
            {
                forward.Append('\n');
                switch (extra)
                {
                    case Extra.Index:
                        forward.Append(CultureInfo.InvariantCulture, $"create index {table}_{indexed}_idx on public.{table} ({indexed});\n");
                        drops.Add($"drop index public.{table}_{indexed}_idx;");
                        break;
                    case Extra.OwnColumn:
                        forward.Append(CultureInfo.InvariantCulture, $"alter table public.{table}\n  add column notes text;\n");
                        drops.Add($"alter table public.{table} drop column notes;");
                        break;
                    case Extra.PreviousTableColumn:
                        forward.Append(CultureInfo.InvariantCulture, $"-- Nullable without a default: a catalog-only change, no rewrite of {previousTable}.\n");
                        forward.Append(CultureInfo.InvariantCulture, $"alter table public.{previousTable}\n  add column {table}_id bigint;\n");
                        drops.Add($"alter table public.{previousTable} drop column {table}_id;");
                        break;
                    case Extra.TableComment:
                        forward.Append(CultureInfo.InvariantCulture, $"comment on table public.{table} is 'One row per {noun.TrimEnd('s').Replace('_', ' ')}; written by the {noun.Replace('_', ' ')} service.';\n");
                        break;
                    case Extra.ColumnComment:
                        forward.Append(CultureInfo.InvariantCulture, $"comment on column public.{table}.created_at is 'When the row was inserted (server time).';\n");
                        break;
                }
            }

            // Comments go with the objects they describe, so the rollback only drops, in reverse order.
            rollback.Append(CultureInfo.InvariantCulture, $"-- Rollback of {id}\n-- DESTRUCTIVE: drops {table} and its rows.\n\n");
            for (var d = drops.Count - 1; d >= 0; d--)
            {
                rollback.Append(drops[d]).Append('\n');
            }

            var forwardPath = Path.Combine(directory, id + ".sql");
            var rollbackPath = Path.Combine(directory, id + "_rollback.sql");
            var forwardBytes = Encoding.UTF8.GetBytes(forward.ToString());
            File.WriteAllBytes(forwardPath, forwardBytes);
            File.WriteAllText(rollbackPath, rollback.ToString());
            bytes += forwardBytes.Length;
            statements += 1 + extras.Count;
            forwards.Add(forwardPath);
            tables.Add(table);
            previousTable = table;
        }

        return new Corpus(directory, forwards, tables, statements, bytes);
    }
}
