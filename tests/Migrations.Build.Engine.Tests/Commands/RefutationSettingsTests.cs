using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Verification;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Commands;

/// <summary>MigrationsIgnoreColumnOrder / MigrationsIgnoreWhitespace and the folder of the differences file, as TestMigration reads them.</summary>
[TestClass]
public sealed class RefutationSettingsTests
{
    private static readonly OperationSettings Blank = new() { MigrationsDirectory = "migrations" };

    [TestMethod]
    public void Blank_settings_accept_nothing_and_write_no_file()
    {
        var log = new RecordingLog();

        Assert.AreEqual(RefutationOptions.Strict, new SettingsReader(Blank with { IgnoreColumnOrder = " ", IgnoreWhitespace = "" }, log).Refutation());
        Assert.IsEmpty(log.Diagnostics);
    }

    [TestMethod]
    [DataRow("true", " FALSE ", true, false)]
    [DataRow("False", "True", false, true)]
    public void True_and_false_are_read_in_any_case(string ignoreColumnOrder, string ignoreWhitespace, bool expectedOrder, bool expectedWhitespace)
    {
        var refutation = new SettingsReader(Blank with { IgnoreColumnOrder = ignoreColumnOrder, IgnoreWhitespace = ignoreWhitespace }, new RecordingLog()).Refutation();

        Assert.AreEqual((expectedOrder, expectedWhitespace), (refutation!.IgnoreColumnOrder, refutation.IgnoreWhitespace));
    }

    [TestMethod]
    public void Anything_else_is_MIG1019_naming_the_property_and_both_are_reported()
    {
        var log = new RecordingLog();

        Assert.IsNull(new SettingsReader(Blank with { IgnoreColumnOrder = "yes", IgnoreWhitespace = "1" }, log).Refutation());

        CollectionAssert.AreEqual(new[] { "MIG1019", "MIG1019" }, log.Codes.ToArray());
        Assert.AreEqual(
            "MigrationsIgnoreColumnOrder 'yes' is not true or false; set it to true to accept a rollback that only puts columns in another order (MIG1027 becomes a warning), or leave it empty for false.",
            log.Diagnostics.First().Message);
        StringAssert.StartsWith(log.Diagnostics.Last().Message, "MigrationsIgnoreWhitespace '1' is not true or false;");
    }

    [TestMethod]
    public void The_differences_folder_is_relative_to_the_project()
    {
        var project = Path.Combine(Path.GetTempPath(), "refutation-project");
        var settings = Blank with { ProjectDirectory = project, DifferencesDirectory = "obj/migrations" };

        Assert.AreEqual(Path.Combine(project, "obj", "migrations"), new SettingsReader(settings, new RecordingLog()).Refutation()!.DifferencesDirectory);
    }
}
