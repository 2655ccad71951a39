using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Commands;

/// <summary>Blank settings take <see cref="OperationDefaults"/>; given ones are used as written, trimmed.</summary>
[TestClass]
public sealed class SettingsReaderTests
{
    private static readonly OperationSettings Blank = new() { MigrationsDirectory = "migrations", HistorySchema = " ", LockTimeout = "" };

    [TestMethod]
    public void Blank_settings_take_the_defaults()
    {
        var reader = new SettingsReader(Blank, new RecordingLog());

        Assert.AreEqual(new HistoryLocation("migrations_build", "history"), reader.History);
        Assert.AreEqual(HistoryLocation.Default, reader.History);
        Assert.AreEqual(new ExecutionSettings("5s", "0"), reader.Execution);
        Assert.AreEqual(TimeSpan.FromSeconds(60), reader.LockWait());
        Assert.AreEqual(StatusFormat.Table, reader.StatusFormat());
        Assert.IsNull(reader.Migration);
        Assert.IsNull(reader.EnvironmentName);
    }

    [TestMethod]
    public void Given_settings_are_used_trimmed()
    {
        var settings = Blank with { HistorySchema = " ops ", HistoryTable = "Migration Log", LockTimeout = "2s", StatementTimeout = "10min", LockWait = "500ms", StatusFormat = "MD", Migration = " 20250210000000 ", EnvironmentName = " qa " };
        var reader = new SettingsReader(settings, new RecordingLog());

        Assert.AreEqual(new HistoryLocation("ops", "Migration Log"), reader.History);
        Assert.AreEqual(new ExecutionSettings("2s", "10min"), reader.Execution);
        Assert.AreEqual(TimeSpan.FromMilliseconds(500), reader.LockWait());
        Assert.AreEqual(StatusFormat.Markdown, reader.StatusFormat());
        Assert.AreEqual("20250210000000", reader.Migration);
        Assert.AreEqual("qa", reader.EnvironmentName);
    }

    [TestMethod]
    [DataRow("applied", HistoryStatus.Succeeded)]
    [DataRow(" Applied ", HistoryStatus.Succeeded)]
    [DataRow("rolled_back", HistoryStatus.RolledBack)]
    [DataRow("rolled-back", HistoryStatus.RolledBack)]
    [DataRow("RolledBack", HistoryStatus.RolledBack)]
    public void Resolutions_are_read_in_their_accepted_spellings(string text, HistoryStatus expected)
    {
        var log = new RecordingLog();

        Assert.AreEqual(expected, new SettingsReader(Blank with { ResolveAs = text }, log).Resolution());
        Assert.IsEmpty(log.Diagnostics);
    }

    [TestMethod]
    public void Environment_declarations_become_environments_with_their_metadata()
    {
        var settings = Blank with
        {
            Environments =
            [
                new EnvironmentDeclaration("Qa", " QA_URL ", "", null, "TRUE"),
                new EnvironmentDeclaration("Production", "PROD_URL", "SHIP_IT", "Qa", "false"),
            ],
        };

        var environments = new SettingsReader(settings, new RecordingLog()).Environments();

        Assert.AreEqual(new Engine.Environments.MigrationEnvironment("Qa", "QA_URL", null, null, Backup: true), environments[0]);
        Assert.AreEqual(new Engine.Environments.MigrationEnvironment("Production", "PROD_URL", "SHIP_IT", "Qa", Backup: false), environments[1]);
    }
}
