using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Verification;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Operations;

/// <summary>
/// What a person following a run sees: a line before each migration with its place in the run, a long statement and
/// a wait for the migration lock said while they happen, and a closing summary with each migration's time.
/// </summary>
[TestClass]
public sealed class ProgressTests
{
    private const string Customers = "20250210000000_customers";
    private const string Invoices = "20250301000000_invoices";
    private const string Refunds = "20250401000000_refunds";

    /// <summary>A statement that runs until the test inserts a row into <c>release</c>: "slow" for exactly as long as the test needs.</summary>
    private const string UntilReleased = "do $$ begin while not exists (select 1 from release) loop perform pg_sleep(0.05); end loop; end $$;";

    /// <summary>A duration as the summary writes it: "12 ms" under a second, else "1.4 s" (a loaded machine may take that long).</summary>
    private const string Time = @"(\d+ ms|\d+\.\d s)";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_deploy_says_each_migration_before_it_runs_and_ends_with_their_times()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("progress_deploy", Cancel);
        WriteThree(workspace);

        var outcome = await DeployOperation.RunAsync(Watched(workspace, workspace.Log), workspace.Pairs(), null, false, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        var messages = workspace.Log.Messages.ToList();
        AssertInOrder(
            messages,
            $"Applying {Customers} (1/3) to Staging…",
            $"Applied {Customers} to Staging in ",
            $"Applying {Invoices} (2/3) to Staging…",
            $"Applied {Invoices} to Staging in ",
            $"Applying {Refunds} (3/3) to Staging…",
            $"Applied {Refunds} to Staging in ",
            "Applied 3 migrations to Staging in ");
        var summary = messages.Single(message => message.StartsWith("Applied 3 migrations to Staging in ", StringComparison.Ordinal));
        StringAssert.Matches(summary, new System.Text.RegularExpressions.Regex($@"^Applied 3 migrations to Staging in {Time}: {Customers} {Time}, {Invoices} {Time}, {Refunds} {Time}\.$"));
        CollectionAssert.AreEqual(new[] { Customers, Invoices, Refunds }, outcome.Timings.Select(timing => timing.Migration).ToArray());
        Assert.IsTrue(outcome.Timings.All(timing => timing.Succeeded && timing.Elapsed > TimeSpan.Zero));
        Assert.AreEqual(3L, await workspace.ScalarAsync("select count(*) from migrations_build.history where status = 'succeeded'"));
    }

    [TestMethod]
    public async Task A_failed_deploy_ends_with_what_was_applied_what_failed_and_what_was_not_attempted()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("progress_fail", Cancel);
        workspace.WritePair(Customers, "create table customers (id int);\n", "drop table customers;\n");
        workspace.WritePair(Invoices, "create table invoices (id int references nowhere);\n", "drop table invoices;\n");
        workspace.WritePair(Refunds, "create table refunds (id int);\n", "drop table refunds;\n");

        var outcome = await DeployOperation.RunAsync(Watched(workspace, workspace.Log), workspace.Pairs(), null, false, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        var summary = workspace.Log.Messages.Single(message => message.StartsWith("Deploy to Staging failed after ", StringComparison.Ordinal));
        StringAssert.Matches(summary, new System.Text.RegularExpressions.Regex($@"^Deploy to Staging failed after {Time}: {Invoices} failed after {Time}; 1 not attempted \({Refunds}\); 1 migration applied before it: {Customers} {Time}\.$"));
        CollectionAssert.AreEqual(new[] { (Customers, true), (Invoices, false) }, outcome.Timings.Select(timing => (timing.Migration, timing.Succeeded)).ToArray());
        Assert.IsFalse(workspace.Log.Messages.Any(message => message.StartsWith($"Applying {Refunds}", StringComparison.Ordinal)), workspace.Log.ToString());
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task A_long_statement_is_said_while_it_runs_with_its_place_in_a_no_transaction_migration()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("progress_slow", Cancel);
        await ExecuteAsync(workspace, "create table release (go boolean)");
        var forward = workspace.Write(Customers + ".sql", $"-- migrations:no-transaction\ncreate table customers (id int);\n{UntilReleased}\ncreate table invoices (id int);\n");
        workspace.Write(Customers + "_rollback.sql", "-- migrations:no-transaction\ndrop table invoices;\ndrop table customers;\n");
        var log = new LineAwaitingLog("Still running after ");

        var deploy = DeployOperation.RunAsync(Watched(workspace, log), workspace.Pairs(), null, false, Cancel);
        var first = await Task.WhenAny(log.Said, deploy);

        // The statement cannot end before the row goes in, so a line seen now was said while it ran.
        Assert.AreSame(log.Said, first, "the deploy ended without saying the statement was still running: " + log);
        var line = await log.Said;
        StringAssert.Matches(line, new System.Text.RegularExpressions.Regex(@"^Still running after \d+\.\d s: "));
        // The statement's first 80 characters, on one line.
        StringAssert.Contains(line, $" s: {forward}(3,1), statement 2/3: {UntilReleased[..80]}…");
        await ExecuteAsync(workspace, "insert into release values (true)");
        var outcome = await deploy;

        Assert.IsTrue(outcome.Succeeded, log.ToString());
        AssertInOrder(log.Inner.Messages.ToList(), $"Applying {Customers} (1/1) to Staging…", "Still running after ", $"Slow statement: {forward}(3,1) took ", $"Applied {Customers} to Staging in ");
        Assert.AreEqual(1L, await workspace.ScalarAsync("select count(*) from migrations_build.history where status = 'succeeded'"));
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task A_deploy_waiting_for_the_migration_lock_names_its_holder_and_says_when_it_has_it()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("progress_lock", Cancel);
        workspace.WritePair(Customers, "create table customers (id int);\n", "drop table customers;\n");
        await using var holder = new NpgsqlConnection(workspace.Database.ConnectionString);
        await holder.OpenAsync(Cancel);
        await using (var name = new NpgsqlCommand("set application_name = 'another deploy'", holder))
        {
            await name.ExecuteNonQueryAsync(Cancel);
        }

        await using (var take = new NpgsqlCommand("select pg_advisory_lock($1)", holder))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = HistoryLocation.Default.LockKey });
            await take.ExecuteNonQueryAsync(Cancel);
        }

        var log = new LineAwaitingLog("Waiting for the migration lock ");
        var deploy = DeployOperation.RunAsync(Watched(workspace, log) with { LockWait = TimeSpan.FromMinutes(2) }, workspace.Pairs(), null, false, Cancel);
        var first = await Task.WhenAny(log.Said, deploy);

        Assert.AreSame(log.Said, first, "the deploy ended without saying it waits for the lock: " + log);
        var waiting = await log.Said;
        StringAssert.StartsWith(waiting, $"Waiting for the migration lock on migrations_build.history, held by pid {holder.ProcessID}, user ");
        StringAssert.Contains(waiting, "'another deploy'");
        StringAssert.Contains(waiting, "waiting up to 120 s (");
        await using (var release = new NpgsqlCommand("select pg_advisory_unlock($1)", holder))
        {
            release.Parameters.Add(new NpgsqlParameter { Value = HistoryLocation.Default.LockKey });
            await release.ExecuteNonQueryAsync(Cancel);
        }

        var outcome = await deploy;
        Assert.IsTrue(outcome.Succeeded, log.ToString());
        AssertInOrder(log.Inner.Messages.ToList(), "Waiting for the migration lock ", "Got the migration lock on migrations_build.history after ", $"Applying {Customers} (1/1) to Staging…", "Applied 1 migration to Staging in ");
    }

    [TestMethod]
    public async Task A_test_on_staging_and_a_rollback_say_each_migration_before_it_runs()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("progress_test", Cancel);
        workspace.WritePair(Customers, "create table customers (id int);\n", "drop table customers;\n");
        workspace.WritePair(Invoices, "create table invoices (id int);\n", "drop table invoices;\n");

        var tested = await TestOperation.RunAsync(Watched(workspace, workspace.Log), workspace.Pairs(), null, Cancel);

        Assert.IsTrue(tested.Succeeded, workspace.Log.ToString());
        AssertInOrder(
            workspace.Log.Messages.ToList(),
            $"Testing {Customers} (1/2) on Staging: apply → roll back",
            $"Proved {Customers} on Staging in ",
            $"Testing {Invoices} (2/2) on Staging: apply → roll back",
            $"Proved {Invoices} on Staging in ",
            "TestMigration on Staging: 2 proven in ");
        StringAssert.Matches(
            workspace.Log.Messages.Last(),
            new System.Text.RegularExpressions.Regex($@"^TestMigration on Staging: 2 proven in {Time}: {Customers} {Time}, {Invoices} {Time}\.$"));
        Assert.HasCount(2, tested.Timings);

        var log = workspace.NewLog();
        var rolledBack = await RollbackOperation.RunAsync(Watched(workspace, log), workspace.Pairs(), null, false, false, Cancel);

        Assert.IsTrue(rolledBack.Succeeded, log.ToString());
        AssertInOrder(log.Messages.ToList(), $"Rolling back {Invoices} (1/1) on Staging…", $"Rolled back {Invoices} on Staging in ");
        Assert.AreEqual(Invoices, rolledBack.Timings.Single().Migration);
    }

    private static void WriteThree(MigrationWorkspace workspace)
    {
        workspace.WritePair(Customers, "create table customers (id int primary key);\n", "drop table customers;\n");
        workspace.WritePair(Invoices, "create table invoices (id int primary key, customer_id int references customers);\n", "drop table invoices;\n");
        workspace.WritePair(Refunds, "create table refunds (id int);\n", "drop table refunds;\n");
    }

    /// <summary>The workspace's context with statements watched and everything said to <paramref name="log"/>, as a command runs them.</summary>
    private static OperationContext Watched(MigrationWorkspace workspace, IOperationLog log) =>
        workspace.Context() with { Log = log, Execution = new ExecutionSettings { Log = log } };

    /// <summary>Each prefix starts a message, and they appear in this order.</summary>
    private static void AssertInOrder(List<string> messages, params string[] prefixes)
    {
        var from = 0;
        foreach (var prefix in prefixes)
        {
            var at = messages.FindIndex(from, message => message.StartsWith(prefix, StringComparison.Ordinal));
            Assert.IsTrue(at >= 0, $"\"{prefix}\" is missing or out of order in:{Environment.NewLine}{string.Join(Environment.NewLine, messages)}");
            from = at + 1;
        }
    }

    private static async Task ExecuteAsync(MigrationWorkspace workspace, string sql)
    {
        await using var connection = new NpgsqlConnection(workspace.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
