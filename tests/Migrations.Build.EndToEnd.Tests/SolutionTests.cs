namespace Migrations.Build.EndToEnd.Tests;

/// <summary>A migrations-only project stands on Microsoft.NET.Sdk, so solution tooling treats it like any project.</summary>
[TestClass]
public sealed class SolutionTests
{
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

    [TestMethod]
    public void A_design_time_build_does_not_validate()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write("migrations/20250210000000_billing.sql", "select 1;\n");

        var result = project.Build("-p:DesignTimeBuild=true", "-v:d");

        Assert.DoesNotContain("Task \"ValidateMigrations\"", result.Output, result.ToString());
        Assert.DoesNotContain("MIG0001", result.Output, result.ToString());
    }
}
