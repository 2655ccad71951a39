using Migrations.Build.EndToEnd.Tests.Faults;
using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// What a person watching `dotnet msbuild -t:DeployMigration` sees, through the packed SDK: each migration announced
/// with its place in the run, a long statement said while it runs (read from the build's output as it streams), and
/// a closing summary with each migration's time — and at `-v:q` none of it, only errors and warnings.
/// </summary>
[TestClass]
public sealed class ProgressTargetTests
{
    private const string Customers = "20250210000000_customers";
    private const string Backfill = "20250301000000_backfill";
    private const string Invoices = "20250401000000_invoices";

    /// <summary>Restore, evaluation and validation come first; a loaded machine can take a while. Only a hang guard.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task A_deploy_announces_each_migration_and_a_long_statement_as_they_happen_and_is_silent_at_quiet_verbosity()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_progress", TestContext.CancellationToken);
        await using var quiet = await PostgresServer.CreateDatabaseAsync("e2e_progress_quiet", TestContext.CancellationToken);
        await DatabaseUrls.ExecuteAsync(staging, "create table release (go boolean)");
        // The quiet run's long statement is released from the start: nothing of it is to be waited for.
        await DatabaseUrls.ExecuteAsync(quiet, "create table release (go boolean); insert into release values (true)");
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write($"migrations/{Customers}.sql", "create table customers (id int primary key);\n");
        project.Write($"migrations/{Customers}_rollback.sql", "drop table customers;\n");
        // Runs until the test inserts a row into release, so it is "long" for exactly as long as the test needs.
        project.Write($"migrations/{Backfill}.sql", "-- waits for the test to let it finish\ndo $$ begin while not exists (select 1 from release) loop perform pg_sleep(0.05); end loop; end $$;\n");
        project.Write($"migrations/{Backfill}_rollback.sql", "select 1;\n");
        project.Write($"migrations/{Invoices}.sql", "create table invoices (id int primary key, customer_id int references customers);\n");
        project.Write($"migrations/{Invoices}_rollback.sql", "drop table invoices;\n");

        using var build = project.StartMsbuild("DeployMigration", Variables(staging), "-p:MigrationsEnvironment=Staging", "-v:n");
        await Poll.UntilAsync(
            () => Task.FromResult(build.HasExited ? throw new InvalidOperationException($"The deploy ended before saying the statement was still running:{Environment.NewLine}{build.OutputSoFar}") : build.OutputSoFar.Contains("Still running after ", StringComparison.Ordinal)),
            Deadline,
            "the deploy to say its statement is still running",
            () => Task.FromResult(build.OutputSoFar),
            TestContext.CancellationToken);
        // The statement cannot end before this row goes in: the line above was printed while it ran.
        await DatabaseUrls.ExecuteAsync(staging, "insert into release values (true)");
        var result = await build.WaitForExitAsync(Deadline, TestContext.CancellationToken);
        TestContext.WriteLine(result.Output);

        BuildAssert.Succeeded(result);
        AssertInOrder(
            result.Lines,
            $"Applying {Customers} (1/3) to Staging…",
            $"Applied {Customers} to Staging in ",
            $"Applying {Backfill} (2/3) to Staging…",
            "Still running after ",
            $"Slow statement: ",
            $"Applied {Backfill} to Staging in ",
            $"Applying {Invoices} (3/3) to Staging…",
            $"Applied {Invoices} to Staging in ",
            "Applied 3 migrations to Staging in ");
        StringAssert.Contains(result.Lines.Single(line => line.Contains("Still running after ", StringComparison.Ordinal)), $"{Backfill}.sql(2,1): do $$ begin while not exists");
        StringAssert.Matches(
            result.Lines.Single(line => line.Contains("Applied 3 migrations to Staging in ", StringComparison.Ordinal)),
            new System.Text.RegularExpressions.Regex($@"Applied 3 migrations to Staging in [^:]+: {Customers} [^,]+, {Backfill} [^,]+, {Invoices} [^,]+\.$"));
        Assert.AreEqual(3L, await DatabaseUrls.ScalarAsync(staging, "select count(*) from migrations_build.history where status = 'succeeded'"));

        var silent = project.Msbuild("DeployMigration", Variables(quiet), "-p:MigrationsEnvironment=Staging", "-v:q");
        TestContext.WriteLine(silent.Output);

        Assert.AreEqual(0, silent.ExitCode, silent.ToString());
        foreach (var said in new[] { "Applying ", "Applied ", "Still running", "Slow statement", "Environment: " })
        {
            Assert.IsFalse(silent.Output.Contains(said, StringComparison.Ordinal), $"-v:q must not show \"{said}\": {silent}");
        }

        Assert.AreEqual(3L, await DatabaseUrls.ScalarAsync(quiet, "select count(*) from migrations_build.history where status = 'succeeded'"));
    }

    private static Dictionary<string, string> Variables(TestDatabase database) =>
        new() { ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(database, out _) };

    /// <summary>Each text is in a line, and in this order.</summary>
    private static void AssertInOrder(string[] lines, params string[] texts)
    {
        var from = 0;
        foreach (var text in texts)
        {
            var at = Array.FindIndex(lines, from, line => line.Contains(text, StringComparison.Ordinal));
            Assert.IsTrue(at >= 0, $"\"{text}\" is missing or out of order in:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
            from = at + 1;
        }
    }
}
