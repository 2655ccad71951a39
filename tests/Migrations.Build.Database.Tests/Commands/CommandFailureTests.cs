using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Database;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Commands;

/// <summary>
/// Failures that are not the URL's fault are reported with the code of their real cause, never "cannot connect":
/// privileges, the history location, a busy lock, and exceptions nobody expected.
/// </summary>
[TestClass]
public sealed class CommandFailureTests
{
    private const string Id = "20250210000000_customers";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_role_that_may_not_create_the_history_schema_gets_MIG1022()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("perm", TestContext.CancellationToken);
        var role = "mb_noperm_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(database, $"create role {role} login; grant connect on database \"{database.Name}\" to {role}");
        using var folder = Folder();
        var url = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = null }.ConnectionString;
        var log = new RecordingLog();

        try
        {
            Assert.IsFalse(await DeployCommand.RunAsync(Settings(folder, url), log));
        }
        finally
        {
            await ExecuteAsync(database, $"drop owned by {role}; drop role {role}");
        }

        var denied = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1022", denied.Code, log.ToString());
        StringAssert.StartsWith(denied.Message, $"Staging refused Migrations.Build's own work as user {role}: permission denied for database {database.Name} (SQLSTATE 42501).");
        StringAssert.EndsWith(denied.Message, "grant that, or set MigrationsHistorySchema to a schema it may use.");
    }

    [TestMethod]
    [DataRow("pg_catalog", "history", "schema 'pg_catalog' starts with pg_, which PostgreSQL reserves for its own schemas")]
    [DataRow("ops", "a_history_table_name_that_is_far_too_long_for_postgres_x", "the name 'a_history_table_name_that_is_far_too_long_for_postgres_x_schema_version' it needs is 71 bytes long; PostgreSQL keeps only 63, so names would be cut and could collide (the table name may be at most 47 bytes)")]
    public async Task A_history_location_PostgreSQL_cannot_hold_is_MIG1023_before_any_SQL(string schema, string table, string problem)
    {
        using var folder = Folder();
        var log = new RecordingLog();

        // Nothing listens on this URL: the check must come before any connection.
        Assert.IsFalse(await DeployCommand.RunAsync(Settings(folder, "Host=127.0.0.1;Port=1;Username=x") with { HistorySchema = schema, HistoryTable = table }, log));

        var invalid = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1023", invalid.Code);
        Assert.AreEqual($"The history table {schema}.{table} cannot be used: {problem}. Choose another MigrationsHistorySchema / MigrationsHistoryTable.", invalid.Message);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task A_busy_lock_is_waited_for_out_loud_naming_its_holder()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("lockwait", TestContext.CancellationToken);
        using var folder = Folder();
        await using var holder = await database.OpenConnectionAsync();
        await using (var name = new NpgsqlCommand("set application_name = 'someone else'", holder))
        {
            await name.ExecuteNonQueryAsync();
        }

        await using (var take = new NpgsqlCommand("select pg_advisory_lock($1)", holder))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = HistoryLocation.Default.LockKey });
            await take.ExecuteNonQueryAsync();
        }

        var holderPid = holder.ProcessID;
        var log = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(Settings(folder, database.ConnectionString) with { LockWait = "2s" }, log));

        var waiting = log.Messages.Where(message => message.StartsWith("Waiting for the migration lock on migrations_build.history, held by ", StringComparison.Ordinal)).ToList();
        Assert.IsNotEmpty(waiting, log.ToString());
        StringAssert.Contains(waiting[0], $"pid {holderPid}, user ");
        StringAssert.Contains(waiting[0], "'someone else'");
        StringAssert.Contains(waiting[0], "waiting up to 2 s");
        Assert.AreEqual("MIG1005", log.Diagnostics.Single(diagnostic => diagnostic.IsError).Code);
    }

    [TestMethod]
    public async Task Our_sessions_ask_the_server_to_notice_a_dead_client()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("checkinterval", TestContext.CancellationToken);
        var context = new Engine.Operations.OperationContext("Staging", database.ConnectionString, HistoryLocation.Default, new ExecutionSettings(), TimeSpan.FromSeconds(5), new RecordingLog());

        await using var connection = await Engine.Operations.OperationConnection.OpenAsync(context, "test", TestContext.CancellationToken);
        await using var show = new NpgsqlCommand("select current_setting('client_connection_check_interval', true)", connection);
        var setting = await show.ExecuteScalarAsync();

        Assert.AreEqual(connection.PostgreSqlVersion.Major >= 14 ? "2s" : null, setting as string);
    }

    [TestMethod]
    public async Task An_exception_nobody_expected_is_one_MIG1024_line_with_the_stack_trace_kept_for_detail()
    {
        using var folder = Folder();
        var log = new RecordingLog();
        var settings = Settings(folder, "unused") with { ReadVariable = _ => throw new InvalidOperationException("the environment vanished") };

        Assert.IsFalse(await DeployCommand.RunAsync(settings, log));

        var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1024", error.Code, log.ToString());
        StringAssert.StartsWith(error.Message, "DeployMigration failed unexpectedly: System.InvalidOperationException: the environment vanished. This is a bug in Migrations.Build: please report it at https://github.com/migrations-build/migrations-build/issues");
        Assert.IsTrue(log.Details.Any(detail => detail.Contains("   at ", StringComparison.Ordinal)), "the stack trace goes to detailed verbosity only");
        Assert.IsFalse(log.Messages.Any(message => message.Contains("   at ", StringComparison.Ordinal)));
    }

    private static TempMigrations Folder() => new(Id);

    private static OperationSettings Settings(TempMigrations folder, string url) => new()
    {
        MigrationsDirectory = folder.Root,
        EnvironmentName = "Staging",
        ReadVariable = name => name == "SUPABASE_STAGING_URL" ? url : null,
    };

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
