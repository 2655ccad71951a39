using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Scaffolding;
using Migrations.Build.Engine.Tests.Discovery;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Scaffolding;

/// <summary>An untouched NewMigration template never reaches a database: every target that changes one refuses it as empty.</summary>
[TestClass]
public sealed class UntouchedTemplateInOperationsTests
{
    private static async Task<(bool Validated, RecordingLog Log)> ValidateAs(MigrationOperation operation)
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250210000000_billing");
        MigrationScaffolder.Create(new NewMigrationRequest(folder.Root, null, "add_invoices") { Clock = FixedClock.AtUtc("2026-11-30 12:40") }, out _);
        var log = new RecordingLog();

        var validated = await OperationSequence.RunAsync(operation, new OperationSettings { MigrationsDirectory = folder.Root }, log, sequence => Task.FromResult(sequence.ValidatedPairs() is not null), CancellationToken.None);
        return (validated, log);
    }

    [TestMethod]
    [DataRow(MigrationOperation.Test)]
    [DataRow(MigrationOperation.Deploy)]
    [DataRow(MigrationOperation.Rollback)]
    [DataRow(MigrationOperation.Resolve)]
    public async Task Targets_that_change_a_database_refuse_it_as_empty(MigrationOperation operation)
    {
        var (validated, log) = await ValidateAs(operation);

        Assert.IsFalse(validated);
        CollectionAssert.AreEqual(new[] { "MIG0005", "MIG0005" }, log.Diagnostics.Where(d => d.IsError).Select(d => d.Code).ToArray(), log.ToString());
        Assert.DoesNotContain("MIG0019", log.Codes.ToList());
    }

    [TestMethod]
    public async Task Status_only_warns()
    {
        var (validated, log) = await ValidateAs(MigrationOperation.Status);

        Assert.IsTrue(validated, log.ToString());
        Assert.IsFalse(log.Diagnostics.Any(d => d.IsError), log.ToString());
        CollectionAssert.AreEqual(new[] { "MIG0019", "MIG0019" }, log.Codes.Where(code => code == "MIG0019").ToArray(), log.ToString());
    }
}
