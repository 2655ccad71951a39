using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Verification;

/// <summary>
/// MigrationsStagingTestCommand on real PostgreSQL: the application tests run after TestMigration on Staging with the
/// staging URL and PG* variables, their exit code and duration are recorded on the test rows, and Production (which
/// requires tests on Staging) refuses migrations whose application tests failed or never ran (MIG1004).
/// </summary>
[TestClass]
public sealed class StagingApplicationTestsTests
{
    private const string Id = "20250210000000_customers";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Passing_application_tests_are_recorded_and_Production_accepts_the_migration()
    {
        await using var workspace = await Workspace.CreateAsync(TestContext.CancellationToken);

        // The command sees the staging URL in the variable named, and reaches staging through the PG* variables.
        var command = "echo \"url=$APP_DB\" && test -n \"$MIGRATIONS_STAGING_CONNECTION_STRING\" && psql -tAc 'select count(*) from customers' && echo \"app name: $PGAPPNAME\"";
        var log = new RecordingLog();
        Assert.IsTrue(await TestCommand.RunAsync(workspace.Settings("Staging", command, "APP_DB"), log, TestContext.CancellationToken), log.ToString());

        CollectionAssert.Contains(log.Messages.ToList(), "url=" + workspace.StagingUrl, log.ToString());
        CollectionAssert.Contains(log.Messages.ToList(), "0", log.ToString());
        CollectionAssert.Contains(log.Messages.ToList(), "app name: Migrations.Build application tests", log.ToString());
        var (exitCode, milliseconds) = await workspace.ApplicationTestsAsync();
        Assert.AreEqual(0, exitCode);
        Assert.IsNotNull(milliseconds);

        var deployLog = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(workspace.Settings("Production", command), deployLog, TestContext.CancellationToken), deployLog.ToString());
        Assert.AreEqual(true, await workspace.ScalarAsync(workspace.Production, "select to_regclass('customers') is not null"));
    }

    [TestMethod]
    public async Task Failing_application_tests_fail_TestMigration_with_MIG1029_and_Production_refuses_with_MIG1004()
    {
        await using var workspace = await Workspace.CreateAsync(TestContext.CancellationToken);
        const string password = "s3cret-for-the-app-tests";

        // The test server trusts local connections, so the password travels without being checked.
        workspace.StagingUrl = new NpgsqlConnectionStringBuilder(workspace.Staging.ConnectionString) { Password = password }.ConnectionString;
        const string command = "echo \"url $DATABASE_URL\"; echo \"pw $PGPASSWORD\" >&2; echo '2 tests failed'; exit 3";
        var log = new RecordingLog();

        Assert.IsFalse(await TestCommand.RunAsync(workspace.Settings("Staging", command), log, TestContext.CancellationToken));

        var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1029", error.Code, log.ToString());
        StringAssert.Contains(error.Message, "(MigrationsStagingTestCommand) exited with code 3 after ");
        StringAssert.Contains(error.Message, "2 tests failed");
        StringAssert.Contains(error.Message, $"The migrations stay applied on Staging ({Id}); to undo them, run (latest first): dotnet msbuild db.proj -t:RollbackMigration -p:MigrationsEnvironment=Staging -p:Migration={Id}.");
        StringAssert.Contains(error.Message, "pw ***");
        Assert.IsFalse(log.ToString().Contains(password, StringComparison.Ordinal), log.ToString());
        Assert.AreEqual(true, await workspace.ScalarAsync(workspace.Staging, "select to_regclass('customers') is not null"));
        Assert.AreEqual(3, (await workspace.ApplicationTestsAsync()).ExitCode);

        var deployLog = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(workspace.Settings("Production", command), deployLog, TestContext.CancellationToken));

        var refused = deployLog.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1004", refused.Code, deployLog.ToString());
        StringAssert.Contains(refused.Message, $"Migration {Id} was tested on Staging, but its application tests failed there (exit code 3)");
        Assert.AreEqual(false, await workspace.ScalarAsync(workspace.Production, "select to_regclass('customers') is not null"));
    }

    [TestMethod]
    public async Task Cancelled_application_tests_are_killed_prove_nothing_and_Production_refuses_the_migration()
    {
        await using var workspace = await Workspace.CreateAsync(TestContext.CancellationToken);
        var marker = Path.Combine(Path.GetTempPath(), "mb-apptests-" + Guid.NewGuid().ToString("N"));
        var command = $"echo started; sleep 3 && touch '{marker}'";
        var log = new LineAwaitingLog("started");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);

        var test = TestCommand.RunAsync(workspace.Settings("Staging", command), log, cancellation.Token);
        await log.Said.WaitAsync(TestContext.CancellationToken);
        await cancellation.CancelAsync();

        Assert.IsFalse(await test, log.ToString());
        CollectionAssert.Contains(
            log.Inner.Messages.ToList(),
            $"The application tests on Staging were stopped by the cancellation before they finished, so they prove nothing: {Id} stay applied on Staging, and a deploy that requires them tested there with MigrationsStagingTestCommand set refuses them (MIG1004) until a TestMigration run with passing application tests is recorded.",
            log.ToString());
        Assert.AreEqual(true, await workspace.ScalarAsync(workspace.Staging, "select to_regclass('customers') is not null"));
        Assert.AreEqual((null, null), await workspace.ApplicationTestsAsync());

        var deployLog = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(workspace.Settings("Production", command), deployLog, TestContext.CancellationToken));
        Assert.AreEqual("MIG1004", deployLog.Diagnostics.Single(diagnostic => diagnostic.IsError).Code, deployLog.ToString());
        Assert.AreEqual(false, await workspace.ScalarAsync(workspace.Production, "select to_regclass('customers') is not null"));

        // Killed, not abandoned.
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.CancellationToken);
        Assert.IsFalse(File.Exists(marker), "the application tests kept running after the cancellation");
    }

    [TestMethod]
    public async Task Without_a_command_nothing_runs_and_a_later_command_makes_Production_ask_for_application_tests()
    {
        await using var workspace = await Workspace.CreateAsync(TestContext.CancellationToken);
        var log = new RecordingLog();

        Assert.IsTrue(await TestCommand.RunAsync(workspace.Settings("Staging", null), log, TestContext.CancellationToken), log.ToString());

        Assert.IsFalse(log.Messages.Any(message => message.Contains("application tests", StringComparison.Ordinal)), log.ToString());
        Assert.AreEqual((null, null), await workspace.ApplicationTestsAsync());

        // Without the command Production takes the test as before; with it, the test lacks an application-test run.
        var withCommand = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(workspace.Settings("Production", "exit 0"), withCommand, TestContext.CancellationToken));
        var refused = withCommand.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1004", refused.Code, withCommand.ToString());
        StringAssert.Contains(refused.Message, "no application-test run is recorded with that test (MigrationsStagingTestCommand was not set when it was tested)");

        var withoutCommand = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(workspace.Settings("Production", null), withoutCommand, TestContext.CancellationToken), withoutCommand.ToString());
    }

    [TestMethod]
    public async Task An_applied_migration_is_retested_by_name_with_passing_application_tests()
    {
        await using var workspace = await Workspace.CreateAsync(TestContext.CancellationToken);
        Assert.IsFalse(await TestCommand.RunAsync(workspace.Settings("Staging", "exit 1"), new RecordingLog(), TestContext.CancellationToken));

        var log = new RecordingLog();
        Assert.IsTrue(await TestCommand.RunAsync(workspace.Settings("Staging", "exit 0") with { Migration = Id }, log, TestContext.CancellationToken), log.ToString());

        var deployLog = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(workspace.Settings("Production", "exit 0"), deployLog, TestContext.CancellationToken), deployLog.ToString());
    }

    /// <summary>A Staging and a Production database (Production requires tests on Staging) and one migration.</summary>
    private sealed class Workspace : IAsyncDisposable
    {
        private Workspace(TestDatabase staging, TestDatabase production, string root)
        {
            Staging = staging;
            Production = production;
            Root = root;
            StagingUrl = staging.ConnectionString;
            Directory.CreateDirectory(Root);
            File.WriteAllText(Path.Combine(Root, Id + ".sql"), "create table customers (id int primary key);\n");
            File.WriteAllText(Path.Combine(Root, Id + "_rollback.sql"), "drop table customers;\n");
        }

        public TestDatabase Staging { get; }

        public TestDatabase Production { get; }

        public string Root { get; }

        public string StagingUrl { get; set; }

        public static async Task<Workspace> CreateAsync(CancellationToken cancellationToken) =>
            new(
                await PostgresServer.CreateDatabaseAsync("apptests_staging", cancellationToken),
                await PostgresServer.CreateDatabaseAsync("apptests_production", cancellationToken),
                Path.Combine(Path.GetTempPath(), "mb-apptests-" + Guid.NewGuid().ToString("N")));

        public OperationSettings Settings(string environment, string? command, string? urlVariable = null) => new()
        {
            MigrationsDirectory = Root,
            EnvironmentName = environment,
            ProjectDirectory = Root,
            ProjectPath = "db.proj",
            Environments =
            [
                new EnvironmentDeclaration("Staging", "STAGING_URL"),
                new EnvironmentDeclaration("Production", "PRODUCTION_URL", ConfirmVariable: "CONFIRM_PRODUCTION", RequireTestedOn: "Staging"),
            ],
            StagingTestCommand = command,
            StagingTestUrlVariable = urlVariable,
            ReadVariable = name => name switch
            {
                "STAGING_URL" => StagingUrl,
                "PRODUCTION_URL" => Production.ConnectionString,
                "CONFIRM_PRODUCTION" => "true",
                _ => null,
            },
        };

        /// <summary>The application-test columns of the single test row on Staging.</summary>
        public async Task<(int? ExitCode, long? Milliseconds)> ApplicationTestsAsync()
        {
            await using var connection = await Staging.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("select app_tests_exit_code, app_tests_ms from migrations_build.history where operation = 'test' order by id desc limit 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.IsTrue(await reader.ReadAsync());
            return (reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
        }

        public async Task<object?> ScalarAsync(TestDatabase database, string sql)
        {
            await using var connection = await database.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Staging.DisposeAsync();
            await Production.DisposeAsync();
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }
}
