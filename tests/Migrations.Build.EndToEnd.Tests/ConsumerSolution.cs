using System.Xml.Linq;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// A new user's solution in a temp folder: a web app that holds migrations of its own (<c>&lt;Sdk Name=…&gt;</c>),
/// a migrations-only project with the sample migrations and an MSTest project, added with `dotnet sln add`.
/// The files are written, not made from templates, so nothing but packages is downloaded.
/// </summary>
internal sealed class ConsumerSolution : IDisposable
{
    private readonly ConsumerProject database;

    private ConsumerSolution(ConsumerProject database)
    {
        this.database = database;
    }

    public string Root => database.Root;

    public string SolutionPath => Path.Combine(Root, "Billing.sln");

    public string DatabaseProjectPath => database.ProjectPath;

    public string DatabaseMigrationsDirectory => database.MigrationsDirectory;

    public string WebProjectPath => Path.Combine(Root, "Billing.Web", "Billing.Web.csproj");

    public string WebMigrationsDirectory => Path.Combine(Root, "Billing.Web", "migrations");

    /// <summary>Creates the solution; <paramref name="testRunner"/> picks how `dotnet test` runs the MSTest project.</summary>
    public static ConsumerSolution Create(TestRunner testRunner)
    {
        var solution = new ConsumerSolution(ConsumerProject.Create(ConsumerKind.MigrationsOnly));
        solution.database.CopySampleMigrations();
        solution.WriteWebApplication();
        solution.WriteTestProject(testRunner);
        if (testRunner == TestRunner.MicrosoftTestingPlatform)
        {
            // SDK 10's switch for `dotnet test` from VSTest to Microsoft.Testing.Platform.
            solution.Write("global.json", """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
        }

        BuildAssert.Succeeded(DotnetCli.Run(solution.Root, "new", "sln", "-n", "Billing", "--format", "sln"));
        BuildAssert.Succeeded(DotnetCli.Run(solution.Root, "sln", solution.SolutionPath, "add", solution.WebProjectPath, solution.DatabaseProjectPath, Path.Combine(solution.Root, "Billing.Tests", "Billing.Tests.csproj")));
        return solution;
    }

    /// <summary>Runs `dotnet` in the solution's folder.</summary>
    public DotnetResult Dotnet(params string[] arguments) => DotnetCli.Run(Root, arguments);

    private void WriteWebApplication()
    {
        Write("Billing.Web/Billing.Web.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <Sdk Name="Migrations.Build.Sdk" Version="{PackedSdk.Current.Version}" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        Write("Billing.Web/Program.cs", """
            var app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build();
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/", () => "billing");
            app.Run();
            """);
        Write("Billing.Web/migrations/20250101000000_sessions.sql", "create table sessions (id bigint primary key);\n");
        Write("Billing.Web/migrations/20250101000000_sessions_rollback.sql", "drop table sessions;\n");
    }

    private void WriteTestProject(TestRunner testRunner)
    {
        // The versions the repository's own tests use, so the packages are ones this machine already restores.
        var runner = testRunner == TestRunner.MicrosoftTestingPlatform
            ? """
              <OutputType>Exe</OutputType>
                  <EnableMSTestRunner>true</EnableMSTestRunner>
              """
            : "";
        var testSdk = testRunner == TestRunner.VSTest
            ? $"""<PackageReference Include="Microsoft.NET.Test.Sdk" Version="{PackageVersion("Microsoft.NET.Test.Sdk")}" />"""
            : "";
        Write("Billing.Tests/Billing.Tests.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>false</IsPackable>
                {runner}
              </PropertyGroup>
              <ItemGroup>
                {testSdk}
                <PackageReference Include="MSTest.TestAdapter" Version="{PackageVersion("MSTest.TestAdapter")}" />
                <PackageReference Include="MSTest.TestFramework" Version="{PackageVersion("MSTest.TestFramework")}" />
              </ItemGroup>
            </Project>
            """);
        Write("Billing.Tests/InvoiceTests.cs", """
            namespace Billing.Tests;

            [Microsoft.VisualStudio.TestTools.UnitTesting.TestClass]
            public sealed class InvoiceTests
            {
                [Microsoft.VisualStudio.TestTools.UnitTesting.TestMethod]
                public void Totals_add_up() => Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(4, int.Parse("2") + 2);
            }
            """);
    }

    private static string PackageVersion(string id) =>
        XDocument.Load(Path.Combine(RepositoryLayout.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == id)
            .Attribute("Version")!.Value;

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => database.Dispose();
}

/// <summary>How `dotnet test` runs the solution's test project.</summary>
internal enum TestRunner
{
    /// <summary>The default: the VSTest target on every project of the solution.</summary>
    VSTest,

    /// <summary>global.json's test runner set to Microsoft.Testing.Platform: `dotnet test` builds through _MTPBuild.</summary>
    MicrosoftTestingPlatform,
}
