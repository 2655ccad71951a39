using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Commands;

/// <summary>MigrationsStagingTestUrlVariable names the variable the staging application tests read their URL from.</summary>
[TestClass]
public sealed class StagingTestUrlVariableSettingsTests
{
    private static readonly OperationSettings Blank = new() { MigrationsDirectory = "migrations" };

    [TestMethod]
    [DataRow(null, "DATABASE_URL")]
    [DataRow(" ", "DATABASE_URL")]
    [DataRow(" ConnectionStrings__Billing ", "ConnectionStrings__Billing")]
    [DataRow("_PG1", "_PG1")]
    public void A_blank_value_is_DATABASE_URL_and_a_name_is_used_trimmed(string? text, string expected)
    {
        var log = new RecordingLog();

        Assert.AreEqual(expected, new SettingsReader(Blank with { StagingTestUrlVariable = text }, log).StagingTestUrlVariable());
        Assert.IsEmpty(log.Diagnostics);
    }

    [TestMethod]
    [DataRow("1URL")]
    [DataRow("DATABASE-URL")]
    [DataRow("$DATABASE_URL")]
    [DataRow("DATABASE URL")]
    public void A_value_a_shell_cannot_export_is_MIG1019_naming_the_property(string text)
    {
        var log = new RecordingLog();

        Assert.IsNull(new SettingsReader(Blank with { StagingTestUrlVariable = text }, log).StagingTestUrlVariable());

        CollectionAssert.AreEqual(new[] { "MIG1019" }, log.Codes.ToArray());
        StringAssert.StartsWith(log.Diagnostics.Single().Message, $"MigrationsStagingTestUrlVariable '{text}' is not an environment variable name;");
    }
}
