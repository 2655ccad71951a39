using System.Diagnostics;
using System.Globalization;
using System.Text;
using Migrations.Build.BenchSupport;
using Migrations.Build.Engine.Snapshots;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.SnapshotBench;

/// <summary>
/// Usage: dotnet run -c Release --project bench/Migrations.Build.SnapshotBench [-- [--tables 1000] [--runs 5] [--help]]
/// SNAPSHOT_BENCH_EXPLAIN=columns (or tables, constraints, …) also prints EXPLAIN ANALYZE of that kind's query to stderr.
/// </summary>
internal static class Program
{
    private const int WarmupRuns = 2;

    private static async Task<int> Main(string[] args)
    {
        var options = new BenchOptions(
            "dotnet run -c Release --project bench/Migrations.Build.SnapshotBench --",
            "SNAPSHOT_BENCH_EXPLAIN=columns (or tables, constraints, …) also prints EXPLAIN ANALYZE of that kind's query to stderr.");
        var tablesOption = options.PositiveInteger("tables", 1_000, "tables in the generated schema");
        var runsOption = options.PositiveInteger("runs", 5, "measured runs of each case, after the warm-up runs");
        var executionsOption = options.PositiveInteger("server-cpu-executions", 100, "executions of each catalog query for its server CPU (/proc/<backend pid>/stat)");
        if (options.Parse(args, Console.Out, Console.Error) is { } exitCode)
        {
            return exitCode;
        }

        var tables = tablesOption.Value;
        var runs = runsOption.Value;

#if DEBUG
        Console.WriteLine("WARNING: Debug build; numbers are meaningless. Run with -c Release.");
#endif
        try
        {
            var server = await PostgresServer.GetAsync();
            Console.WriteLine($"PostgreSQL: {server.Description}");
            await using var database = await PostgresServer.CreateDatabaseAsync("snapshot_bench");
            await using var connection = await database.OpenConnectionAsync();
            Console.WriteLine($"server version {connection.PostgreSqlVersion}");
            Console.WriteLine($"Machine: {MachineDescription.Current()}");

            var setup = Stopwatch.StartNew();
            await CreateSchemaAsync(connection, tables);
            Console.WriteLine($"created {tables:N0} tables in {setup.Elapsed.TotalSeconds:F1} s");

            await MeasureAsync(connection, tables, runs, executionsOption.Value);
            return 0;
        }
        finally
        {
            await PostgresServer.StopAsync();
        }
    }

    /// <summary>
    /// Table N: an identity key, a foreign key to table N-1, a few typed columns with defaults, an index, a comment on
    /// the table and a column, and on every fourth table row level security with a policy — the shape of a real
    /// application schema, with every object kind the snapshot reads in bulk.
    /// </summary>
    private static async Task CreateSchemaAsync(NpgsqlConnection connection, int tables)
    {
        const int TablesPerStatementBatch = 100;
        await Execute(connection, "create schema app; create type app.status as enum ('draft', 'open', 'paid');");
        for (var first = 1; first <= tables; first += TablesPerStatementBatch)
        {
            var sql = new StringBuilder();
            for (var n = first; n < first + TablesPerStatementBatch && n <= tables; n++)
            {
                var name = TableName(n);
                sql.Append(CultureInfo.InvariantCulture, $"""
                    create table app.{name} (
                        id bigint generated always as identity primary key,
                        previous_id bigint {(n > 1 ? $"references app.{TableName(n - 1)} (id)" : string.Empty)},
                        tenant_id int not null,
                        name varchar(200) not null default '',
                        status app.status not null default 'draft',
                        amount numeric(12, 2) check (amount >= 0),
                        created_at timestamptz not null default now());
                    create index {name}_tenant_idx on app.{name} (tenant_id, created_at);
                    comment on table app.{name} is 'Table {n}';
                    comment on column app.{name}.amount is 'in cents';

                    """);
                if (n % 4 == 0)
                {
                    sql.Append(CultureInfo.InvariantCulture, $"""
                        alter table app.{name} enable row level security;
                        create policy "tenant isolation" on app.{name} using (tenant_id = current_setting('app.tenant', true)::int);

                        """);
                }
            }

            await Execute(connection, sql.ToString());
        }

        await Execute(connection, "analyze");
    }

    private static string TableName(int n) => "t" + n.ToString("D4", CultureInfo.InvariantCulture);

    private static async Task MeasureAsync(NpgsqlConnection connection, int tables, int runs, int executions)
    {
        var cold = Stopwatch.StartNew();
        var snapshot = await SchemaSnapshotReader.ReadAsync(connection);
        cold.Stop();
        var byKind = snapshot.Objects.GroupBy(item => item.Kind).Select(group => $"{group.Count():N0} {group.Key}");
        Console.WriteLine($"snapshot: {snapshot.Count:N0} objects ({string.Join(", ", byKind)})");
        Console.WriteLine($"first ReadAsync in this process (JIT, cold server caches): {cold.Elapsed.TotalMilliseconds:F0} ms");

        for (var i = 0; i < WarmupRuns; i++)
        {
            await SchemaSnapshotReader.ReadAsync(connection);
        }

        var reads = new List<double>();
        SchemaSnapshot second = snapshot;
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            var stopwatch = Stopwatch.StartNew();
            second = await SchemaSnapshotReader.ReadAsync(connection);
            reads.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        var equalDiffs = TimeCompare(snapshot, second, runs, out var equalCount);

        // A realistic failing comparison: a column left on 1% of the tables and one policy changed.
        var changed = Math.Max(1, tables / 100);
        var change = new StringBuilder();
        for (var n = 1; n <= changed; n++)
        {
            change.Append(CultureInfo.InvariantCulture, $"alter table app.{TableName(n * 100 > tables ? n : n * 100)} add column leftover int;");
        }

        change.Append("alter policy \"tenant isolation\" on app.t0004 using (tenant_id = 0);");
        await Execute(connection, change.ToString());
        var afterChange = await SchemaSnapshotReader.ReadAsync(connection);
        var changedDiffs = TimeCompare(snapshot, afterChange, runs, out var changedCount);

        Console.WriteLine();
        Console.WriteLine($"Median of {runs} runs after {WarmupRuns} warm-up runs, same connection, {tables:N0} tables, {snapshot.Count:N0} objects.");
        Console.WriteLine();
        Console.WriteLine("| benchmark | median | min | max | result |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        Console.WriteLine(Row("SchemaSnapshotReader.ReadAsync", reads, $"{snapshot.Count:N0} objects"));
        Console.WriteLine(Row("SchemaDiff.Compare, equal snapshots", equalDiffs, $"{equalCount} differences"));
        Console.WriteLine(Row($"SchemaDiff.Compare, {changed} columns added + 1 policy changed", changedDiffs, $"{changedCount} differences"));
        Console.WriteLine();
        await PrintQueryBreakdownAsync(connection, runs);
        Console.WriteLine();
        await ServerCpu.PrintAsync(connection, SnapshotOptions.Default.ExcludedSchemaLikePatterns(), executions);
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {MachineDescription.LoadAverage()}");
        Console.WriteLine($"target: snapshot of a {tables:N0}-table schema in under 1 s — {(Median(reads) < 1000 ? "met" : "NOT met")} (median {Median(reads):F0} ms)");
    }

    /// <summary>
    /// Each catalog query alone, in the transaction and settings ReadAsync uses, rows read but not turned into objects:
    /// the server's share of a snapshot, per object kind.
    /// </summary>
    private static async Task PrintQueryBreakdownAsync(NpgsqlConnection connection, int runs)
    {
        var patterns = SnapshotOptions.Default.ExcludedSchemas
            .Select(pattern => pattern.EndsWith('*') ? pattern[..^1].Replace("_", "\\_", StringComparison.Ordinal) + "%" : pattern.Replace("_", "\\_", StringComparison.Ordinal))
            .ToArray();
        Console.WriteLine("| query (one per kind) | rows | median |");
        Console.WriteLine("|---|---:|---:|");
        var total = 0.0;
        var queries = SnapshotQueries.For(connection.PostgreSqlVersion.Major);
        for (var index = 0; index < queries.Count; index++)
        {
            var query = queries[index];
            var kind = SnapshotQueries.Names[index];
            var times = new List<double>();
            var rows = 0;
            for (var i = 0; i < runs; i++)
            {
                await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
                await using (var settings = new NpgsqlCommand("select set_config('search_path', 'pg_catalog', true)", connection, transaction))
                {
                    await settings.ExecuteScalarAsync();
                }

                await using (var members = new NpgsqlCommand(SnapshotQueries.ExtensionMembers, connection, transaction))
                {
                    await members.ExecuteNonQueryAsync();
                }

                await using var command = new NpgsqlCommand(query, connection, transaction);
                if (SnapshotQueries.TakesExcludedSchemas(query))
                {
                    command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Value = patterns });
                }

                var stopwatch = Stopwatch.StartNew();
                rows = 0;
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        rows++;
                    }
                }

                times.Add(stopwatch.Elapsed.TotalMilliseconds);
                await transaction.RollbackAsync();
            }

            total += Median(times);
            if (kind == Environment.GetEnvironmentVariable("SNAPSHOT_BENCH_EXPLAIN"))
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var settings = new NpgsqlCommand("select set_config('search_path', 'pg_catalog', true)", connection, transaction))
                {
                    await settings.ExecuteScalarAsync();
                }

                await using (var members = new NpgsqlCommand(SnapshotQueries.ExtensionMembers, connection, transaction))
                {
                    await members.ExecuteNonQueryAsync();
                }

                await using var explain = new NpgsqlCommand("explain analyze " + query, connection, transaction);
                explain.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Value = patterns });
                await using var plan = await explain.ExecuteReaderAsync();
                while (await plan.ReadAsync())
                {
                    Console.Error.WriteLine(plan.GetString(0));
                }
            }

            Console.WriteLine($"| {kind} | {rows:N0} | {Median(times):F1} ms |");
        }

        Console.WriteLine($"| sum of medians | | {total:F1} ms |");
    }

    private static List<double> TimeCompare(SchemaSnapshot expected, SchemaSnapshot actual, int runs, out int differences)
    {
        differences = SchemaDiff.Compare(expected, actual, "before", "after rollback").Count;
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            SchemaDiff.Compare(expected, actual, "before", "after rollback");
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static string Row(string name, List<double> milliseconds, string result) =>
        $"| {name} | {Median(milliseconds):F1} ms | {milliseconds.Min():F1} ms | {milliseconds.Max():F1} ms | {result} |";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
