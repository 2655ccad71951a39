using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests.Drift;

/// <summary>
/// A platform's own schemas (Supabase's auth, storage, extensions…) and the extensions it installs into them are not
/// the migrations' doing: MigrationsDriftExcludedSchemas leaves them out, while drift beside them is still found.
/// </summary>
[TestClass]
public sealed class DriftExcludedSchemasTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Platform_schemas_and_their_extensions_are_left_out_when_excluded()
    {
        await using var project = await DriftProject.CreateAsync("drift_platform", TestContext.CancellationToken);
        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());
        await project.ExecuteAsync(
            "create schema auth; create table auth.users (id uuid primary key); create schema storage; create table storage.objects (id int); " +
            "create schema extensions; create extension pgcrypto schema extensions;");

        log = new RecordingLog();
        Assert.IsFalse(await DriftCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), "without the setting the platform's objects are drift");
        var unexcluded = log.Diagnostics.Where(diagnostic => diagnostic.Code == "MIG1040").Select(diagnostic => diagnostic.Message).ToList();
        CollectionAssert.Contains(unexcluded, "Drift on Production: extension pgcrypto: exists on Production but not in its history", log.ToString());
        CollectionAssert.Contains(unexcluded, "Drift on Production: schema auth: exists on Production but not in its history", log.ToString());

        log = new RecordingLog();
        Assert.IsTrue(await DriftCommand.RunAsync(project.Settings() with { DriftExcludedSchemas = "auth; storage;extensions" }, log, TestContext.CancellationToken), log.ToString());

        await project.ExecuteAsync("create index invoices_owner_idx on invoices (owner_id);");
        log = new RecordingLog();
        Assert.IsFalse(await DriftCommand.RunAsync(project.Settings() with { DriftExcludedSchemas = "auth;storage;extensions" }, log, TestContext.CancellationToken));
        Assert.AreEqual(
            "Drift on Production: index public.invoices_owner_idx: exists on Production but not in its history",
            log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1040").Message,
            log.ToString());
    }
}
