using System.Text.RegularExpressions;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>`dotnet msbuild -t:NewMigration` through the packed SDK: the pair it creates builds at once, a bad name is refused, nothing is overwritten.</summary>
[TestClass]
public sealed class NewMigrationTargetTests
{
    private static readonly Dictionary<string, string> NoVariables = [];

    [TestMethod]
    public void NewMigration_creates_a_pair_that_builds_at_once_and_never_overwrites_one()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();
        var existing = Directory.GetFiles(project.MigrationsDirectory).ToDictionary(path => path, File.ReadAllText);

        // -v:m: the paths are printed at high importance, so even a quiet log shows them.
        var created = project.Msbuild("NewMigration", NoVariables, "-p:Name=add_invoices", "-v:m");

        BuildAssert.Succeeded(created);
        var forward = NewFiles(project, existing.Keys).Single(path => !path.EndsWith("_rollback.sql", StringComparison.Ordinal));
        var version = Path.GetFileName(forward)[..14];
        StringAssert.Matches(Path.GetFileName(forward), new Regex(@"^\d{14}_add_invoices\.sql$"));
        var rollback = Path.Combine(project.MigrationsDirectory, version + "_add_invoices_rollback.sql");
        Assert.IsTrue(File.Exists(rollback), created.ToString());
        CollectionAssert.Contains(created.Lines.Select(line => line.Trim()).ToArray(), forward, created.ToString());
        CollectionAssert.Contains(created.Lines.Select(line => line.Trim()).ToArray(), rollback, created.ToString());
        foreach (var (path, text) in existing)
        {
            Assert.AreEqual(text, File.ReadAllText(path), $"{path} was changed");
        }

        var build = project.Build();

        BuildAssert.Succeeded(build);
        BuildAssert.HasDiagnostic(build, "warning", forward, 1, 1, "MIG0019",
            $"Migration {Path.GetFileName(forward)} is still the template NewMigration wrote; write the change. Until then TestMigration and DeployMigration refuse it as empty (MIG0005).",
            project.ProjectPath);

        // A second pair with the same name (quite possibly in the same second) gets a later version; the first one, now written, stays as it is.
        File.WriteAllText(forward, "create table invoices (id bigint primary key);\n");
        File.WriteAllText(rollback, "drop table invoices;\n");
        var again = project.Msbuild("NewMigration", NoVariables, "-p:Name=add_invoices");

        BuildAssert.Succeeded(again);
        Assert.AreEqual("create table invoices (id bigint primary key);\n", File.ReadAllText(forward));
        Assert.AreEqual("drop table invoices;\n", File.ReadAllText(rollback));
        var second = NewFiles(project, [.. existing.Keys, forward, rollback]);
        Assert.HasCount(2, second, again.ToString());
        Assert.IsTrue(second.All(path => string.CompareOrdinal(Path.GetFileName(path)[..14], version) > 0), again.ToString());
    }

    [TestMethod]
    public void A_bad_name_is_MIG0003_with_the_name_to_use_and_creates_nothing()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);

        var result = project.Msbuild("NewMigration", NoVariables, "-p:Name=Add Invoices");

        BuildAssert.Failed(result);
        StringAssert.Contains(result.Output, "error MIG0003: The name 'Add Invoices' is not lower snake case ([a-z0-9_]+); use -p:Name=add_invoices.");
        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(project.MigrationsDirectory));
    }

    private static List<string> NewFiles(ConsumerProject project, IEnumerable<string> before) =>
        Directory.GetFiles(project.MigrationsDirectory).Except(before).ToList();
}
