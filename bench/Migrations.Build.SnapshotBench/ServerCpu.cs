using System.Data;
using System.Globalization;
using Migrations.Build.Engine.Snapshots;
using Npgsql;
using NpgsqlTypes;

namespace Migrations.Build.SnapshotBench;

/// <summary>
/// The server backend's CPU time per execution of each catalog query, read from /proc/&lt;backend pid&gt;/stat
/// (utime + stime) around a number of executions of the prepared query with a generic plan, inside the transaction and
/// settings a snapshot uses. Load-independent, unlike wall time; needs the server on this machine (and the right to
/// read its process' stat: run as root or as the server's user). The fingerprint candidates
/// (<see cref="FingerprintCandidates"/>) are measured against the four relation-scoped queries they would let a
/// snapshot skip. JIT is off for all of them: the snapshot's own queries are not JIT-compiled at these sizes either
/// way (measured at 300 tables), but the content candidate's generic plan is, at ≈300 ms per execution.
/// </summary>
internal static class ServerCpu
{
    // The queries whose every row belongs to one relation: what a fingerprint would let a snapshot skip.
    private static readonly string[] RelationScoped = ["tables", "columns", "constraints", "indexes"];

    public static async Task PrintAsync(NpgsqlConnection connection, string[] patterns, int executions)
    {
        await using (var pidCommand = new NpgsqlCommand("select pg_backend_pid()", connection))
        {
            var pid = (int)(await pidCommand.ExecuteScalarAsync())!;
            if (!File.Exists($"/proc/{pid}/stat"))
            {
                Console.WriteLine($"(server CPU per query skipped: /proc/{pid}/stat is not readable here)");
                return;
            }

            var names = SnapshotQueries.Names.Concat(["fingerprint: content digest", "fingerprint: row versions", "fingerprint part: own and child rows", "fingerprint floor: own pg_class + pg_attribute"]).ToList();
            var queries = SnapshotQueries.For(connection.PostgreSqlVersion.Major)
                .Concat([FingerprintCandidates.ContentDigest, FingerprintCandidates.RowVersions, FingerprintCandidates.OwnAndChildRows, FingerprintCandidates.OwnRowsOnly]).ToList();
            Console.WriteLine($"Server backend CPU per execution, {executions} executions each, prepared, generic plan:");
            Console.WriteLine();
            Console.WriteLine("| query | rows | server CPU per execution |");
            Console.WriteLine("|---|---:|---:|");
            var relationScoped = 0.0;
            var all = 0.0;
            for (var index = 0; index < queries.Count; index++)
            {
                // To try a query by hand in psql (with $1 and $2 to fill in).
                if (Environment.GetEnvironmentVariable("SNAPSHOT_BENCH_SQL_DIR") is { Length: > 0 } folder)
                {
                    await File.WriteAllTextAsync(Path.Combine(folder, names[index].Replace(' ', '_') + ".sql"), queries[index]);
                    await File.WriteAllTextAsync(Path.Combine(folder, QueryCpuSetupFile), SnapshotQueries.ExtensionMembers);
                }

                var (rows, perExecution) = await MeasureAsync(connection, pid, queries[index], patterns, executions);
                if (index < SnapshotQueries.Names.Count)
                {
                    all += perExecution;
                    if (RelationScoped.Contains(names[index]))
                    {
                        relationScoped += perExecution;
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {names[index]} | {rows:N0} | {perExecution:F2} ms |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| the {RelationScoped.Length} relation-scoped queries | | {relationScoped:F2} ms |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all {SnapshotQueries.Names.Count} snapshot queries | | {all:F2} ms |"));
        }
    }

    /// <summary>What bench/query-cpu.sh runs before a query file of the same folder: the snapshot's extension members.</summary>
    private const string QueryCpuSetupFile = "extension_members.setup.sql";

    private static async Task<(int Rows, double Milliseconds)> MeasureAsync(NpgsqlConnection connection, int pid, string query, string[] patterns, int executions)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await using (var settings = new NpgsqlCommand(
            "select set_config('search_path', 'pg_catalog', true), set_config('datestyle', 'ISO, YMD', true), set_config('intervalstyle', 'postgres', true), set_config('plan_cache_mode', 'force_generic_plan', true), set_config('jit', 'off', true)",
            connection,
            transaction))
        {
            await settings.ExecuteNonQueryAsync();
        }

        // The extension members the queries leave out, as the reader sets them before its queries.
        await using (var members = new NpgsqlCommand(SnapshotQueries.ExtensionMembers, connection, transaction))
        {
            await members.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(query, connection, transaction);
        if (query.Contains("$1", StringComparison.Ordinal))
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = patterns });
        }

        await command.PrepareAsync();
        var rows = await CountRowsAsync(command);
        var before = BackendTicks(pid);
        for (var i = 0; i < executions; i++)
        {
            await CountRowsAsync(command);
        }

        var after = BackendTicks(pid);
        await transaction.RollbackAsync();
        await command.UnprepareAsync();
        return (rows, (after - before) * 1000.0 / ClockTicksPerSecond / executions);
    }

    private static async Task<int> CountRowsAsync(NpgsqlCommand command)
    {
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
    }

    // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
    private const double ClockTicksPerSecond = 100;

    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name, which may hold spaces.
    private static long BackendTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
