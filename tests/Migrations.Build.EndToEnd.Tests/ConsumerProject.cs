using System.Text;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>A user's project in a temp folder, restoring Migrations.Build.Sdk from the packed test feed only.</summary>
internal sealed class ConsumerProject : IDisposable
{
    private ConsumerProject(string root, string projectDirectory, string projectPath)
    {
        Root = root;
        ProjectDirectory = projectDirectory;
        ProjectPath = projectPath;
    }

    public string Root { get; }

    public string ProjectDirectory { get; }

    public string ProjectPath { get; }

    public string MigrationsDirectory => Path.Combine(ProjectDirectory, "migrations");

    public static ConsumerProject Create(ConsumerKind kind, string projectBody = "")
    {
        var sdk = PackedSdk.Current;
        var root = Path.Combine(Path.GetTempPath(), "mb-consumer-" + Guid.NewGuid().ToString("N")[..10]);
        var projectDirectory = Path.Combine(root, "Billing.Database");
        Directory.CreateDirectory(Path.Combine(projectDirectory, "migrations"));
        File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{sdk.PackagesFolder}" />
              </config>
              <packageSources>
                <clear />
                <add key="migrations-build-test-feed" value="{sdk.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="migrations-build-test-feed">
                  <package pattern="Migrations.Build.Sdk" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        var projectPath = Path.Combine(projectDirectory, "Billing.Database.csproj");
        File.WriteAllText(projectPath, kind switch
        {
            ConsumerKind.MigrationsOnly => $"""
                <Project Sdk="Migrations.Build.Sdk/{sdk.Version}">
                {projectBody}
                </Project>
                """,
            _ => $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Sdk Name="Migrations.Build.Sdk" Version="{sdk.Version}" />
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                {projectBody}
                </Project>
                """,
        });
        if (kind == ConsumerKind.InsideApplication)
        {
            File.WriteAllText(Path.Combine(projectDirectory, "Program.cs"), "System.Console.WriteLine(\"billing\");\n");
        }

        return new ConsumerProject(root, projectDirectory, projectPath);
    }

    /// <summary>Writes a file under the project folder and returns its full path.</summary>
    public string Write(string relativePath, string text) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(ProjectDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void CopySampleMigrations()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryLayout.SampleMigrations))
        {
            File.Copy(file, Path.Combine(MigrationsDirectory, Path.GetFileName(file)));
        }
    }

    /// <summary>`dotnet build` with the classic console logger, as a CI log shows it.</summary>
    public DotnetResult Build(params string[] extraArguments) =>
        DotnetCli.Run(ProjectDirectory, ["build", ProjectPath, "-nodeReuse:false", "-tl:off", "-clp:NoSummary", .. extraArguments]);

    /// <summary>`dotnet msbuild -t:Target` as the workflow runs it, with the given environment variables (URLs, confirmation).</summary>
    public DotnetResult Msbuild(string target, IReadOnlyDictionary<string, string> environment, params string[] extraArguments) =>
        DotnetCli.Run(ProjectDirectory, environment, MsbuildArguments(target, extraArguments));

    /// <summary>The same command as <see cref="Msbuild"/>, started without waiting for it.</summary>
    public DotnetProcess StartMsbuild(string target, IReadOnlyDictionary<string, string> environment, params string[] extraArguments) =>
        DotnetCli.Start(ProjectDirectory, environment, MsbuildArguments(target, extraArguments));

    private string[] MsbuildArguments(string target, string[] extraArguments) =>
        ["msbuild", ProjectPath, "-restore", $"-t:{target}", "-nodeReuse:false", "-tl:off", "-nologo", "-clp:NoSummary", .. extraArguments];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it would hide the real result.
        }
    }
}
