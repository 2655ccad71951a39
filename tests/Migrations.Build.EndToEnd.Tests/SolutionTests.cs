namespace Migrations.Build.EndToEnd.Tests;

/// <summary>A migrations-only project stands on Microsoft.NET.Sdk, so solution tooling treats it like any project.</summary>
[TestClass]
public sealed class SolutionTests
{
    private const string ValidationSkipped = "Skipping target \"ValidateMigrations\" because all output files are up-to-date";

    [TestMethod]
    public void A_migrations_project_can_be_added_to_a_solution_that_then_restores_builds_and_tests()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();

        BuildAssert.Succeeded(DotnetCli.Run(project.Root, "new", "sln", "-n", "Billing", "--format", "sln"));
        var added = DotnetCli.Run(project.Root, "sln", "Billing.sln", "add", project.ProjectPath);
        BuildAssert.Succeeded(added);
        BuildAssert.Succeeded(DotnetCli.Run(project.Root, "restore", "Billing.sln"));
        var built = DotnetCli.Run(project.Root, "build", "Billing.sln", "-nodeReuse:false", "-tl:off", "-v:n");
        BuildAssert.Succeeded(built);
        StringAssert.Contains(built.Output, "Validated 2 migration(s)");

        // `dotnet test` of a solution with no test project in it still has to get through the migrations project.
        BuildAssert.Succeeded(DotnetCli.Run(project.Root, "test", "Billing.sln", "-nodeReuse:false", "-tl:off"));
    }

    /// <summary>
    /// The new user: a web app, a migrations project and a test project. `dotnet test` calls VSTest on every
    /// project but builds only the test project, so the SDK validates before VSTest; pack skips the migrations-only
    /// project (not packable by default) instead of failing with NU5017.
    /// </summary>
    [TestMethod]
    public void Dotnet_test_of_a_solution_validates_its_migrations_projects_and_pack_and_publish_work()
    {
        using var solution = ConsumerSolution.Create(TestRunner.VSTest);

        var built = solution.Dotnet("build", solution.SolutionPath, "-nodeReuse:false", "-tl:off", "-v:n");
        BuildAssert.Succeeded(built);
        StringAssert.Contains(built.Output, $"Validated 2 migration(s) in {solution.DatabaseMigrationsDirectory}");
        StringAssert.Contains(built.Output, $"Validated 1 migration(s) in {solution.WebMigrationsDirectory}");

        // Nothing changed since the build: both projects reach validation and skip it on the stamp.
        var tested = solution.Dotnet("test", solution.SolutionPath, "-nodeReuse:false", "-tl:off", "-v:n");
        BuildAssert.Succeeded(tested);
        Assert.AreEqual(2, Occurrences(tested.Output, ValidationSkipped), tested.ToString());
        StringAssert.Contains(tested.Output, "Passed Totals_add_up");

        var rollback = Path.Combine(solution.DatabaseMigrationsDirectory, "20250301000000_add_invoice_line_items_rollback.sql");
        var rollbackText = File.ReadAllText(rollback);
        File.Delete(rollback);
        var broken = solution.Dotnet("test", solution.SolutionPath, "-nodeReuse:false", "-tl:off");
        BuildAssert.Failed(broken);
        BuildAssert.HasDiagnostic(broken, "error", Path.Combine(solution.DatabaseMigrationsDirectory, "20250301000000_add_invoice_line_items.sql"), 1, 1, "MIG0001", "Migration 20250301000000_add_invoice_line_items has no rollback…", solution.DatabaseProjectPath);

        // The failed run left no stamp, so the fix is validated again; the web app's unchanged migrations are not.
        File.WriteAllText(rollback, rollbackText);
        var fixedRun = solution.Dotnet("test", solution.SolutionPath, "-nodeReuse:false", "-tl:off", "-v:n");
        BuildAssert.Succeeded(fixedRun);
        StringAssert.Contains(fixedRun.Output, $"Validated 2 migration(s) in {solution.DatabaseMigrationsDirectory}");
        Assert.AreEqual(1, Occurrences(fixedRun.Output, ValidationSkipped), fixedRun.ToString());

        var packages = Path.Combine(solution.Root, "packages-out");
        var packed = solution.Dotnet("pack", solution.SolutionPath, "-nodeReuse:false", "-tl:off", "-o", packages);
        BuildAssert.Succeeded(packed);
        Assert.DoesNotContain("NU5017", packed.Output, packed.ToString());
        Assert.IsFalse(Directory.Exists(packages) && Directory.EnumerateFiles(packages, "Billing.Database*.nupkg").Any(), packed.ToString());

        var published = solution.Dotnet("publish", solution.SolutionPath, "-nodeReuse:false", "-tl:off");
        BuildAssert.Succeeded(published);
        // Each project that holds migrations publishes its deployable migrations/ folder (build once, deploy many).
        foreach (var project in new[] { solution.DatabaseProjectPath, solution.WebProjectPath })
        {
            var manifests = Directory.EnumerateFiles(Path.Combine(Path.GetDirectoryName(project)!, "bin"), "migrations.json", SearchOption.AllDirectories);
            Assert.IsTrue(manifests.Any(m => m.Replace('\\', '/').EndsWith("/publish/migrations/migrations.json", StringComparison.Ordinal)), project + Environment.NewLine + published);
        }
    }

    /// <summary>
    /// With global.json's test runner set to Microsoft.Testing.Platform, `dotnet test` builds the solution through
    /// _MTPBuild, which builds only test applications; the SDK validates before it, here in the web app that holds
    /// migrations. MSBuild switches are left out: in this mode `dotnet test` hands them to the test application.
    /// </summary>
    [TestMethod]
    public void Dotnet_test_on_Microsoft_Testing_Platform_validates_the_migrations_of_an_application()
    {
        using var solution = ConsumerSolution.Create(TestRunner.MicrosoftTestingPlatform);
        var rollback = Path.Combine(solution.WebMigrationsDirectory, "20250101000000_sessions_rollback.sql");
        var rollbackText = File.ReadAllText(rollback);
        File.Delete(rollback);

        var broken = solution.Dotnet("test", solution.SolutionPath);
        BuildAssert.Failed(broken);
        BuildAssert.HasDiagnostic(broken, "error", Path.Combine(solution.WebMigrationsDirectory, "20250101000000_sessions.sql"), 1, 1, "MIG0001", "Migration 20250101000000_sessions has no rollback…", solution.WebProjectPath);

        File.WriteAllText(rollback, rollbackText);
        var fixedRun = solution.Dotnet("test", solution.SolutionPath, "-v:n");
        BuildAssert.Succeeded(fixedRun);
        StringAssert.Contains(fixedRun.Output, $"Validated 1 migration(s) in {solution.WebMigrationsDirectory}");
        StringAssert.Contains(fixedRun.Output, "succeeded: 1");
    }

    /// <summary>A migrations-only project that opts into packing ships its migrations, so the package is never empty.</summary>
    [TestMethod]
    public void A_migrations_project_that_sets_IsPackable_packs_its_migrations()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly, "<PropertyGroup><IsPackable>true</IsPackable></PropertyGroup>");
        project.CopySampleMigrations();
        var packages = Path.Combine(project.Root, "packages-out");

        var packed = DotnetCli.Run(project.ProjectDirectory, "pack", project.ProjectPath, "-nodeReuse:false", "-tl:off", "-o", packages);

        BuildAssert.Succeeded(packed);
        Assert.DoesNotContain(": warning ", packed.Output, packed.ToString());
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packages, "Billing.Database.1.0.0.nupkg"));
        var migrations = package.Entries.Select(e => e.FullName).Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        CollectionAssert.AreEqual(Directory.EnumerateFiles(project.MigrationsDirectory).Select(f => "migrations/" + Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList(), migrations.ToList());
    }

    [TestMethod]
    public void A_design_time_build_does_not_validate()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write("migrations/20250210000000_billing.sql", "select 1;\n");

        var result = project.Build("-p:DesignTimeBuild=true", "-v:d");

        Assert.DoesNotContain("Task \"ValidateMigrations\"", result.Output, result.ToString());
        Assert.DoesNotContain("MIG0001", result.Output, result.ToString());
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
