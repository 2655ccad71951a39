using Migrations.Build.Engine.Local;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// The database a fault test deploys to, seen from the outside: on the shared test server or on a cluster of the
/// test's own. Every query opens a fresh unpooled connection, because the faults break connections on purpose and a
/// pooled one could hand a dead session to the next check.
/// </summary>
internal sealed record FaultDatabase(string Name, string ConnectionString)
{
    /// <summary>Matches the application_name of every connection Migrations.Build opens.</summary>
    private const string OurApplications = "Migrations.Build%";

    public static FaultDatabase Of(TestDatabase database) => new(database.Name, database.ConnectionString);

    public static FaultDatabase Of(ThrowawayDatabase database) => new(database.Name, database.ConnectionString);

    /// <summary>The variables a deploy to Staging needs to reach this database.</summary>
    public IReadOnlyDictionary<string, string> StagingEnvironment =>
        new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(ConnectionString, out _) };

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteScalarAsync();
    }

    public Task ExecuteAsync(string sql) => ScalarAsync(sql);

    public async Task<bool> TableExistsAsync(string table) => (bool)(await ScalarAsync("select to_regclass($1) is not null", table))!;

    /// <summary>Every deploy row of <paramref name="version"/>, oldest first; empty when the history table does not exist yet.</summary>
    public async Task<IReadOnlyList<HistoryRow>> DeployRowsAsync(string version)
    {
        if (!await TableExistsAsync("migrations_build.history"))
        {
            return [];
        }

        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "select operation, status, statements_done, error from migrations_build.history where version = $1 and operation = 'deploy' order by id",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<HistoryRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new HistoryRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    /// <summary>The backend of one of our deploys while it runs pg_sleep, or null when there is none (yet).</summary>
    public async Task<int?> SleepingBackendAsync() => (int?)await ScalarAsync(
        """
        select pid from pg_stat_activity
        where datname = current_database() and application_name like $1 and state = 'active' and query ilike '%pg_sleep%'
        order by backend_start limit 1
        """,
        OurApplications);

    /// <summary>How many of our sessions are still connected to this database.</summary>
    public async Task<long> OurSessionsAsync() => (long)(await ScalarAsync(
        "select count(*) from pg_stat_activity where datname = current_database() and application_name like $1",
        OurApplications))!;

    /// <summary>Our sessions as pg_stat_activity shows them, for the message of a wait that gave up.</summary>
    public async Task<string> DescribeOurSessionsAsync() => (string?)await ScalarAsync(
        """
        select string_agg(format('pid %s %s (%s) since %s: %s', pid, state, application_name, backend_start, query), E'\n')
        from pg_stat_activity where datname = current_database() and application_name like $1
        """,
        OurApplications) ?? "(none of our sessions is connected)";

    /// <summary>Advisory locks held in this database; the migration lock is the only one the product takes.</summary>
    public async Task<long> AdvisoryLocksAsync() => (long)(await ScalarAsync(
        "select count(*) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())"))!;

    public Task TerminateAsync(int backend) => ScalarAsync("select pg_terminate_backend($1)", backend);

    public override string ToString() => Name;

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
