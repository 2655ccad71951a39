using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests.Drift;

/// <summary>MigrationDrift and the CheckDrift gate through the engine's commands, on real PostgreSQL.</summary>
[TestClass]
public sealed class DriftCommandTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task An_untouched_database_has_no_drift_after_deploys_and_after_a_rollback()
    {
        await using var project = await DriftProject.CreateAsync("drift_clean", TestContext.CancellationToken);
        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());
        project.AddSecond();
        Assert.IsTrue(await DeployCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());

        log = new RecordingLog();
        Assert.IsTrue(await DriftCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());
        Assert.IsFalse(log.Diagnostics.Any(diagnostic => diagnostic.IsError), log.ToString());
        CollectionAssert.Contains(log.Messages.ToList(), "No drift on Production: its schema is what its 2 applied migration(s) build, replayed from its history.", log.ToString());

        log = new RecordingLog();
        Assert.IsTrue(await RollbackCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());
        Assert.IsTrue(await DriftCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());
        CollectionAssert.Contains(log.Messages.ToList(), "No drift on Production: its schema is what its 1 applied migration(s) build, replayed from its history.", log.ToString());
        Assert.AreEqual(0L, await project.ScalarAsync("select count(*) from migrations_build.history where notes like '%drift check%'"), "a passed drift check leaves no note");
    }

    [TestMethod]
    public async Task Each_hand_change_is_named_and_fails_the_check_with_a_json_report()
    {
        await using var project = await DriftProject.CreateAsync("drift_named", TestContext.CancellationToken);
        var reader = "drift_cmd_reader_" + Guid.NewGuid().ToString("N")[..8];
        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());
        await project.ExecuteAsync(
            $"create role {reader} nologin; create index invoices_status_idx on invoices (status); alter table invoices alter column status set default 'paid'; " +
            $"create policy invoices_audit on invoices for select using (true); grant select on invoices to {reader};");
        try
        {
            var file = Path.Combine(project.Folder, "out", "drift.json");
            log = new RecordingLog();

            Assert.IsFalse(await DriftCommand.RunAsync(project.Settings() with { DriftFormat = "json", DriftFile = file }, log, TestContext.CancellationToken));

            var drift = log.Diagnostics.Where(diagnostic => diagnostic.Code == "MIG1040").Select(diagnostic => diagnostic.Message).ToList();
            var all = log.ToString();
            CollectionAssert.Contains(drift, "Drift on Production: index public.invoices_status_idx: exists on Production but not in its history", all);
            CollectionAssert.Contains(drift, "Drift on Production: column public.invoices.status: default 'paid'::text, expected 'open'::text", all);
            CollectionAssert.Contains(drift, "Drift on Production: policy \"invoices_audit\" on public.invoices: exists on Production but not in its history", all);
            var admin = (string)(await project.ScalarAsync("select current_user::text"))!;
            CollectionAssert.Contains(drift, $"Drift on Production: privileges on table public.invoices: granted on Production but not in its history: {reader}=r/{admin}", all);
            Assert.HasCount(4, drift, all);
            StringAssert.StartsWith(log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1042").Message, "Production has drifted from its history: 4 difference(s)");
            var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            var production = json.GetProperty("environments")[0];
            Assert.IsTrue(production.GetProperty("drift").GetBoolean());
            Assert.AreEqual(1, production.GetProperty("migrationsReplayed").GetInt32());
            var index = production.GetProperty("differences").EnumerateArray().Single(item => item.GetProperty("objectKind").GetString() == "index");
            Assert.AreEqual("unexpected", index.GetProperty("kind").GetString());
            Assert.AreEqual("public.invoices_status_idx", index.GetProperty("objectName").GetString());
        }
        finally
        {
            await project.Database.DisposeAsync();
            await DriftProject.ExecuteOnServerAsync($"drop role if exists {reader}");
        }
    }

    [TestMethod]
    public async Task The_gate_refuses_a_deploy_on_a_drifted_production_and_the_override_is_recorded()
    {
        await using var project = await DriftProject.CreateAsync("drift_gate", TestContext.CancellationToken);
        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());
        await project.ExecuteAsync("create index invoices_status_idx on invoices (status);");
        project.AddSecond();

        log = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken));

        Assert.AreEqual("Drift on Production: index public.invoices_status_idx: exists on Production but not in its history", log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1040").Message, log.ToString());
        var refusal = log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1042");
        StringAssert.StartsWith(refusal.Message, "DeployMigration on Production refused before anything ran: its schema has drifted from its history: 1 difference(s)");
        StringAssert.Contains(refusal.Message, "-p:MigrationsSkipDriftCheck=true");
        Assert.AreEqual(1L, await project.ScalarAsync("select count(*) from migrations_build.history"), "the refused deploy wrote nothing");
        Assert.AreEqual(false, await project.ScalarAsync("select exists (select 1 from information_schema.columns where table_name = 'invoices' and column_name = 'note')"));

        log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(project.Settings() with { SkipDriftCheck = true }, log, TestContext.CancellationToken), log.ToString());

        var warning = log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1043");
        Assert.IsFalse(warning.IsError);
        Assert.IsFalse(log.Codes.Contains("MIG1040"), "the skipped check did not run");
        var notes = (string)(await project.ScalarAsync($"select notes from migrations_build.history where version || '_' || name = '{DriftProject.Second}'"))!;
        StringAssert.Contains(notes, "drift check skipped (MigrationsSkipDriftCheck=true)");
    }

    [TestMethod]
    public async Task The_gate_refuses_a_rollback_on_a_drifted_production()
    {
        await using var project = await DriftProject.CreateAsync("drift_gate_rb", TestContext.CancellationToken);
        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());
        await project.ExecuteAsync("alter table invoices alter column status set default 'paid';");

        log = new RecordingLog();
        Assert.IsFalse(await RollbackCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken));

        StringAssert.StartsWith(log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1042").Message, "RollbackMigration on Production refused before anything ran");
        Assert.AreEqual(true, await project.ScalarAsync("select to_regclass('public.invoices') is not null"), "the refused rollback dropped nothing");
    }

    [TestMethod]
    public async Task A_partial_migration_cannot_be_replayed_and_says_what_to_do()
    {
        await using var project = await DriftProject.CreateAsync("drift_partial", TestContext.CancellationToken);
        project.Write(DriftProject.First, "-- migrations:no-transaction\ncreate table invoices (id int);\nselect 1/0;\n", "drop table invoices;\n");
        var log = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(project.Settings() with { SkipDriftCheck = true }, log, TestContext.CancellationToken));

        log = new RecordingLog();
        Assert.IsFalse(await DriftCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken));

        var problem = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1041", problem.Code, log.ToString());
        StringAssert.Contains(problem.Message, "20250210000000_invoices is partial on Production (1 of 2 statements applied)");
        StringAssert.Contains(problem.Message, "ResolveMigration");
        Assert.IsFalse(log.Messages.Any(message => message.StartsWith("No drift", StringComparison.Ordinal)), "a check that could not run is never 'no drift'");
    }
}
