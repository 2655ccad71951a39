using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Baselines;

/// <summary>
/// BaselineMigration on real databases: a database whose first half of the chain was built by hand (plain SQL, no
/// history) is adopted, and the rest deploys on top; a wrong version is refused with differences naming the objects;
/// the override is recorded; failures end coded with nothing half-written. The proof replays on the test server
/// (MIGRATIONS_LOCAL_URL), as TestMigration on Local does.
/// </summary>
[TestClass]
public sealed class BaselineCommandTests
{
    private const string Customers = "20250101000000_customers";
    private const string Invoices = "20250201000000_invoices";
    private const string Refunds = "20250301000000_refunds";
    private const string CustomerNames = "20250401000000_customer_names";

    private const string CustomersForward = "create table customers (id bigint primary key, email text not null unique);\n";
    private const string InvoicesForward = "create table invoices (id bigint primary key, customer_id bigint not null references customers, total numeric(12,2) not null default 0);\ncreate index invoices_customer_idx on invoices (customer_id);\n";

    public TestContext TestContext { get; set; } = null!;

    /// <summary>Four migrations on disk; the database holds the first two, run by hand as plain SQL, and no history.</summary>
    private async Task<MigrationWorkspace> HalfBuiltByHandAsync(string name)
    {
        var workspace = await MigrationWorkspace.CreateAsync(name, TestContext.CancellationToken);
        workspace.WritePair(Customers, CustomersForward, "drop table customers;\n");
        workspace.WritePair(Invoices, InvoicesForward, "drop table invoices;\n");
        workspace.WritePair(Refunds, "create table refunds (id bigint primary key, invoice_id bigint not null references invoices);\n", "drop table refunds;\n");
        workspace.WritePair(CustomerNames, "alter table customers add column name text;\ncreate view customer_emails as select id, email from customers;\n", "drop view customer_emails;\nalter table customers drop column name;\n");
        await workspace.ScalarAsync(CustomersForward + InvoicesForward);
        return workspace;
    }

    /// <summary>A baseline of Staging (the workspace's database), proven on the test server as MIGRATIONS_LOCAL_URL.</summary>
    internal static async Task<OperationSettings> SettingsAsync(MigrationWorkspace workspace, string? migration, CancellationToken cancellationToken)
    {
        var server = await PostgresServer.GetAsync(cancellationToken);
        return new OperationSettings
        {
            MigrationsDirectory = workspace.Folder,
            EnvironmentName = "Staging",
            Migration = migration,
            ResolveReason = "adopting the staging database built by hand",
            LockWait = "5s",
            ReadVariable = variable => variable switch
            {
                "SUPABASE_STAGING_URL" => workspace.Database.ConnectionString,
                "MIGRATIONS_LOCAL_URL" => server.AdminConnectionString,
                _ => null,
            },
        };
    }

    private static Task<object?> BaselineRowsAsync(MigrationWorkspace workspace, string status = "succeeded") =>
        workspace.ScalarAsync($"select count(*) from migrations_build.history where operation = 'baseline' and status = '{status}'");

    [TestMethod]
    public async Task A_database_built_by_hand_is_adopted_at_the_middle_and_the_rest_deploys_on_top()
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_adopt");
        var settings = await SettingsAsync(workspace, Invoices, TestContext.CancellationToken);

        Assert.IsTrue(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken), workspace.Log.ToString());

        Assert.IsEmpty(workspace.Log.Diagnostics.Where(diagnostic => diagnostic.IsError).ToList(), workspace.Log.ToString());
        Assert.Contains($"Recorded 2 migration(s) up to {Invoices} as applied on Staging (baselined by {Environment.UserName}@{Environment.MachineName}, schema proven); DeployMigration now applies only what comes after it.", workspace.Log.Messages);
        Assert.AreEqual(3, await workspace.ScalarAsync("select version from migrations_build.history_schema_version"));
        var pairs = workspace.Pairs();
        await using (var connection = await workspace.Database.OpenConnectionAsync(TestContext.CancellationToken))
        {
            var rows = await new HistoryStore(HistoryLocation.Default).ReadAllAsync(connection, TestContext.CancellationToken);
            CollectionAssert.AreEqual(new[] { Customers, Invoices }, rows.Select(row => row.MigrationId).ToArray());
            foreach (var row in rows)
            {
                var pair = pairs.Single(candidate => candidate.Id == row.MigrationId);
                Assert.AreEqual(MigrationOperation.Baseline, row.Operation);
                Assert.AreEqual(HistoryStatus.Succeeded, row.Status);
                Assert.AreEqual(pair.Forward.Checksum, row.ForwardChecksum);
                Assert.AreEqual(pair.Rollback!.Checksum, row.RollbackChecksum);
                Assert.AreEqual(pair.Forward.Content!.Text, row.ForwardSql);
                Assert.AreEqual(pair.Rollback.Content!.Text, row.RollbackSql);
                Assert.AreEqual(connection.UserName, row.DatabaseUser);
                Assert.AreEqual(Environment.MachineName, row.ClientHost);
                Assert.AreEqual($"baselined by {Environment.UserName}@{Environment.MachineName}: adopting the staging database built by hand; proven: the live schema equals the replay of the 2 migration(s) up to {Invoices}", row.Notes);
            }
        }

        workspace.NewLog();
        Assert.IsTrue(await DeployCommand.RunAsync(settings with { Migration = null }, workspace.Log, TestContext.CancellationToken), workspace.Log.ToString());

        Assert.IsTrue(workspace.Log.Messages.Any(message => message.StartsWith("Applied 2 migrations to Staging in ", StringComparison.Ordinal)), workspace.Log.ToString());
        Assert.IsTrue(await workspace.TableExistsAsync("public.refunds"));
        Assert.IsTrue(await workspace.TableExistsAsync("public.customer_emails"));
        var status = (await workspace.StatusAsync()).ToDictionary(row => row.Id, row => row.StateText);
        Assert.AreEqual("applied (baselined)", status[Customers]);
        Assert.AreEqual("applied (baselined)", status[Invoices]);
        Assert.AreEqual("applied", status[Refunds]);
        Assert.AreEqual("applied", status[CustomerNames]);
    }

    [TestMethod]
    public async Task A_baselined_migration_rolls_back_with_its_rollback_file_and_deploys_again()
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_rollback");
        var settings = await SettingsAsync(workspace, Invoices, TestContext.CancellationToken);
        Assert.IsTrue(await BaselineCommand.RunAsync(settings with { BaselineUnverified = true }, workspace.Log, TestContext.CancellationToken), workspace.Log.ToString());

        Assert.IsTrue(await RollbackCommand.RunAsync(settings with { Migration = null }, workspace.NewLog(), TestContext.CancellationToken), workspace.Log.ToString());

        Assert.IsFalse(await workspace.TableExistsAsync("public.invoices"), "the recorded rollback text ran");
        Assert.IsTrue(await workspace.TableExistsAsync("public.customers"));
        var status = (await workspace.StatusAsync()).ToDictionary(row => row.Id, row => row.State);
        Assert.AreEqual(MigrationState.RolledBack, status[Invoices]);
        Assert.AreEqual(MigrationState.Applied, status[Customers]);

        Assert.IsTrue(await DeployCommand.RunAsync(settings with { Migration = Invoices }, workspace.NewLog(), TestContext.CancellationToken), workspace.Log.ToString());
        Assert.IsTrue(await workspace.TableExistsAsync("public.invoices"));
    }

    [TestMethod]
    [DataRow(Refunds, "table public.refunds: missing", "one migration too many: its table is not there")]
    [DataRow(Customers, "table public.invoices: exists on Staging but not in the files up to " + Customers, "one migration too few: the next one's table is there")]
    public async Task A_wrong_version_is_refused_with_the_differences_naming_the_objects(string version, string expected, string why)
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_wrong");
        var settings = await SettingsAsync(workspace, version, TestContext.CancellationToken);

        Assert.IsFalse(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken), why);

        var differences = workspace.Log.Diagnostics.Where(diagnostic => diagnostic.Code == "MIG1050").Select(diagnostic => diagnostic.Message).ToList();
        Assert.Contains($"Staging does not match the migrations up to {version}: {expected}; nothing is recorded as applied.", differences, workspace.Log.ToString());
        Assert.IsTrue(workspace.Log.Diagnostics.Where(diagnostic => diagnostic.IsError).All(diagnostic => diagnostic.Code == "MIG1050"), workspace.Log.ToString());
        Assert.AreEqual(0L, await BaselineRowsAsync(workspace));
        Assert.AreEqual(1L, await BaselineRowsAsync(workspace, "failed"), "the refused attempt is on the record");
        StringAssert.StartsWith((string)(await workspace.ScalarAsync("select error from migrations_build.history"))!, $"the live schema differs from the migrations up to {version} in ");
        Assert.IsTrue((await workspace.StatusAsync()).All(row => row.State == MigrationState.Pending), "a refused baseline applies nothing");
    }

    [TestMethod]
    public async Task A_file_that_fails_on_the_replay_is_MIG1053_at_its_line_and_nothing_is_applied()
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_replay_fails");
        workspace.WritePair("20250115000000_plans", "select 1;\nalter table customers add column plan text references plans;\n", "alter table customers drop column plan;\n");
        var settings = await SettingsAsync(workspace, Invoices, TestContext.CancellationToken);

        Assert.IsFalse(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken));

        var failed = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1053", failed.Code, workspace.Log.ToString());
        Assert.AreEqual(Path.Combine(workspace.Folder, "20250115000000_plans.sql"), failed.Location.FilePath);
        Assert.AreEqual(2, failed.Location.Line);
        StringAssert.StartsWith(failed.Message, $"The baseline of Staging at {Invoices} cannot be proven: 20250115000000_plans fails on a fresh throwaway database: relation \"plans\" does not exist (SQLSTATE 42P01).");
        Assert.AreEqual(0L, await BaselineRowsAsync(workspace));
        Assert.AreEqual(1L, await BaselineRowsAsync(workspace, "failed"));
    }

    [TestMethod]
    public async Task The_unverified_override_records_without_the_proof_loudly_and_on_the_record()
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_unverified");
        var summary = Path.Combine(workspace.Folder, "step-summary.md");
        var settings = await SettingsAsync(workspace, Refunds, TestContext.CancellationToken) with { BaselineUnverified = true };
        var readVariable = settings.ReadVariable;
        settings = settings with { ReadVariable = variable => variable == "GITHUB_STEP_SUMMARY" ? summary : readVariable(variable) };

        Assert.IsTrue(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken), workspace.Log.ToString());

        var warning = workspace.Log.Diagnostics.Single();
        Assert.AreEqual("MIG1052", warning.Code);
        Assert.IsFalse(warning.IsError);
        StringAssert.StartsWith(warning.Message, $"The baseline of Staging at {Refunds} is NOT verified (MigrationsBaselineUnverified=true)");
        Assert.AreEqual(3L, await BaselineRowsAsync(workspace));
        Assert.AreEqual(3L, await workspace.ScalarAsync("select count(*) from migrations_build.history where notes like '%UNVERIFIED (MigrationsBaselineUnverified=true)%'"));
        Assert.IsFalse(await workspace.TableExistsAsync("public.refunds"), "a baseline runs no migration SQL");
        var markdown = File.ReadAllText(summary);
        StringAssert.Contains(markdown, "Overrides used: **MigrationsBaselineUnverified=true**");
        StringAssert.Contains(markdown, $"| {Refunds} | baselined (unverified) |");
    }

    [TestMethod]
    public async Task A_history_that_already_records_applied_migrations_is_refused()
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_applied");
        var settings = await SettingsAsync(workspace, Invoices, TestContext.CancellationToken);
        await workspace.ScalarAsync("drop table invoices; drop table customers;");
        Assert.IsTrue(await DeployCommand.RunAsync(settings with { Migration = Customers }, workspace.Log, TestContext.CancellationToken), workspace.Log.ToString());

        Assert.IsFalse(await BaselineCommand.RunAsync(settings, workspace.NewLog(), TestContext.CancellationToken));

        var refusal = workspace.Log.Diagnostics.Single();
        Assert.AreEqual("MIG1051", refusal.Code);
        Assert.AreEqual($"The history of Staging (migrations_build.history) already records 1 migration(s) in the database: {Customers} (applied). A baseline only adopts a database whose history records no applied migration; deploy what is pending with -t:DeployMigration instead (see -t:MigrationStatus).", refusal.Message);
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from migrations_build.history where operation = 'baseline'"));
    }

    [TestMethod]
    public async Task A_version_that_is_not_on_disk_is_refused()
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_unknown");
        var settings = await SettingsAsync(workspace, "20250215000000", TestContext.CancellationToken);

        Assert.IsFalse(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken));

        var refusal = workspace.Log.Diagnostics.Single();
        Assert.AreEqual("MIG1016", refusal.Code);
        StringAssert.StartsWith(refusal.Message, "No migration on disk matches Migration='20250215000000'; a baseline records the migrations on disk up to the one you name");
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from migrations_build.history"));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task A_lock_held_by_another_session_is_MIG1005_and_nothing_is_written()
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_lock");
        var settings = await SettingsAsync(workspace, Invoices, TestContext.CancellationToken) with { LockWait = "1s" };
        await using var holder = await workspace.Database.OpenConnectionAsync(TestContext.CancellationToken);
        await using (var take = new NpgsqlCommand("select pg_advisory_lock($1)", holder))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = HistoryLocation.Default.LockKey });
            await take.ExecuteNonQueryAsync(TestContext.CancellationToken);
        }

        Assert.IsFalse(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken));

        Assert.AreEqual("MIG1005", workspace.Log.Diagnostics.Single().Code, workspace.Log.ToString());
        Assert.IsFalse(await workspace.TableExistsAsync("migrations_build.history"));
    }

    [TestMethod]
    public async Task A_role_that_may_not_write_history_gets_MIG1022_and_no_row_is_written()
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_denied");
        await using (var connection = await workspace.Database.OpenConnectionAsync(TestContext.CancellationToken))
        {
            await new HistoryStore(HistoryLocation.Default).EnsureCreatedAsync(connection, TestContext.CancellationToken);
        }

        var role = "mb_readonly_" + Guid.NewGuid().ToString("N")[..8];
        await workspace.ScalarAsync($"create role {role} login; grant connect on database \"{workspace.Database.Name}\" to {role}; grant usage on schema migrations_build to {role}; grant select on all tables in schema migrations_build to {role}");
        var settings = await SettingsAsync(workspace, Invoices, TestContext.CancellationToken);
        var url = new NpgsqlConnectionStringBuilder(workspace.Database.ConnectionString) { Username = role, Password = null }.ConnectionString;
        try
        {
            Assert.IsFalse(await BaselineCommand.RunAsync(settings with { BaselineUnverified = true, ReadVariable = variable => variable == "SUPABASE_STAGING_URL" ? url : null }, workspace.Log, TestContext.CancellationToken));
        }
        finally
        {
            await workspace.ScalarAsync($"drop owned by {role}; drop role {role}");
        }

        var denied = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1022", denied.Code, workspace.Log.ToString());
        StringAssert.Contains(denied.Message, "permission denied for table history");
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from migrations_build.history"), "one transaction: no row of the baseline is left");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Losing_the_locked_connection_during_the_proof_is_MIG1053_recorded_with_nothing_applied()
    {
        await using var workspace = await HalfBuiltByHandAsync("baseline_lost");

        // A migration with no schema effect that keeps the replay busy long enough to end the live session meanwhile.
        workspace.WritePair("20250115000000_pause", "select pg_sleep(2.71);\n", "select 1;\n");
        var settings = await SettingsAsync(workspace, Invoices, TestContext.CancellationToken);
        var terminate = TerminateLockedSessionDuringReplayAsync(workspace.Database.ConnectionString);

        Assert.IsFalse(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken));
        await terminate;

        var lost = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1053", lost.Code, workspace.Log.ToString());
        StringAssert.Contains(lost.Message, "terminating connection due to administrator command");
        Assert.AreEqual(0L, await BaselineRowsAsync(workspace));
        Assert.AreEqual(1L, await BaselineRowsAsync(workspace, "failed"), "the attempt is recorded on a connection of its own");
        Assert.IsTrue(workspace.Log.Messages.Any(message => message.StartsWith($"Baseline of Staging at {Invoices} refused: connection lost", StringComparison.Ordinal) && message.EndsWith("The attempt is recorded in migrations_build.history.", StringComparison.Ordinal)), workspace.Log.ToString());
    }

    /// <summary>Once the replay sleeps on its throwaway database, ends the live session that holds the migration lock.</summary>
    private static async Task TerminateLockedSessionDuringReplayAsync(string liveConnectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(liveConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var find = new NpgsqlCommand(
                """
                select pg_terminate_backend(live.pid)
                from pg_stat_activity live
                where live.datname = current_database() and live.application_name like 'Migrations.Build % baseline (Staging)'
                  and exists (select from pg_stat_activity replay where replay.query like '%pg_sleep(2.71)%' and replay.state = 'active' and replay.datname <> current_database())
                """,
                connection);
            if (await find.ExecuteScalarAsync() is true)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The baseline's replay never reached the pause.");
    }
}
