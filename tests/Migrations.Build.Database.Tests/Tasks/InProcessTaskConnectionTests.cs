using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;
using Migrations.Build.Database.Tests.Commands;
using Migrations.Build.Tasks;
using Migrations.Build.Tasks.Tests;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Tasks;

/// <summary>
/// The database tasks run in the build's own process when they come from the package, and an MSBuild node can be
/// reused for hours: no connection may outlive a task, whether it succeeded, failed or was refused. Each task runs
/// here as MSBuild runs it in process (same process, same Npgsql pools); every connection it could open carries this
/// test's application_name (a name set in the URL wins), so pg_stat_activity shows exactly what it left behind.
/// </summary>
[TestClass]
public sealed class InProcessTaskConnectionTests
{
    private const string Id = "20250210000000_customers";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Database_tasks_run_in_this_process_leave_no_connection_of_theirs_open()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var database = await server.CreateDatabaseAsync("inproc_tasks", TestContext.CancellationToken);
        using var folder = new TempMigrations(Id);
        var tag = "inproc_" + Guid.NewGuid().ToString("N")[..12];
        var urlVariable = "MIGRATIONS_INPROC_TEST_URL_" + tag;
        var localVariable = "MIGRATIONS_INPROC_TEST_LOCAL_" + tag;
        Environment.SetEnvironmentVariable(urlVariable, Tagged(database.ConnectionString, tag));
        // TestMigration's Local borrows the test server: its throwaway database is created over a pooled admin connection.
        Environment.SetEnvironmentVariable(localVariable, Tagged(server.AdminConnectionString, tag));
        try
        {
            Assert.IsTrue(Run(new DeployMigration(), folder, "Bench", urlVariable, localVariable, out var log), log);
            await AssertNothingLeftAsync(server, tag, "after a deploy");

            Assert.IsTrue(Run(new MigrationStatus(), folder, "Bench", urlVariable, localVariable, out log), log);
            await AssertNothingLeftAsync(server, tag, "after a status");

            Assert.IsTrue(Run(new TestMigration(), folder, "Local", urlVariable, localVariable, out log), log);
            await AssertNothingLeftAsync(server, tag, "after a TestMigration on a borrowed Local server");

            Assert.IsTrue(Run(new RollbackMigration(), folder, "Bench", urlVariable, localVariable, out log), log);
            await AssertNothingLeftAsync(server, tag, "after a rollback");

            // A failure: the migration fails on the server (its table exists already), recorded, connection closed.
            await using (var connection = await database.OpenConnectionAsync(TestContext.CancellationToken))
            await using (var command = new NpgsqlCommand("create table customers (id int primary key)", connection))
            {
                await command.ExecuteNonQueryAsync(TestContext.CancellationToken);
            }

            Assert.IsFalse(Run(new DeployMigration(), folder, "Bench", urlVariable, localVariable, out log), log);
            StringAssert.Contains(log, "MIG", "the failure is reported with a code");
            await AssertNothingLeftAsync(server, tag, "after a failed deploy");
        }
        finally
        {
            Environment.SetEnvironmentVariable(urlVariable, null);
            Environment.SetEnvironmentVariable(localVariable, null);
        }
    }

    /// <summary>Runs the task as in-process MSBuild does; <paramref name="log"/> is what it logged, for failure messages.</summary>
    private static bool Run(DatabaseTask task, TempMigrations folder, string environment, string urlVariable, string localVariable, out string log)
    {
        var engine = new RecordingBuildEngine();
        task.BuildEngine = engine;
        task.MigrationsDirectory = folder.Root;
        task.EnvironmentName = environment;
        task.ProjectPath = Path.Combine(folder.Root, "test.csproj");
        task.Environments =
        [
            new TaskItem("Bench", new Dictionary<string, string> { ["UrlVariable"] = urlVariable }),
            new TaskItem("Local", new Dictionary<string, string> { ["UrlVariable"] = localVariable }),
        ];
        var succeeded = task.Execute();
        log = string.Join(Environment.NewLine, engine.Errors.Select(error => $"error {error.Code}: {error.Message}")
            .Concat(engine.Warnings.Select(warning => $"warning {warning.Code}: {warning.Message}"))
            .Concat(engine.Messages.Where(message => message.Importance != MessageImportance.Low).Select(message => message.Message)));
        return succeeded;
    }

    private static string Tagged(string connectionString, string tag) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = tag }.ConnectionString;

    /// <summary>
    /// A closed connection's backend leaves pg_stat_activity a moment after the client hangs up, so this waits for the
    /// count to reach zero (bounded generously) and then asserts it: a connection still open never gets there.
    /// </summary>
    private async Task AssertNothingLeftAsync(RunningPostgresServer server, string tag, string when)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(TestContext.CancellationToken);
        await using var command = new NpgsqlCommand("select count(*) from pg_stat_activity where application_name = $1", connection);
        command.Parameters.AddWithValue(tag);
        long left = -1;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            left = (long)(await command.ExecuteScalarAsync(TestContext.CancellationToken))!;
            if (left == 0)
            {
                break;
            }

            await Task.Delay(100, TestContext.CancellationToken);
        }

        Assert.AreEqual(0L, left, $"connections of the task still open {when}");
    }
}
