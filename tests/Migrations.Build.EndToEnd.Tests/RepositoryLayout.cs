namespace Migrations.Build.EndToEnd.Tests;

/// <summary>Finds the repository the tests run from, so they can pack its SDK and copy its samples.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string SdkProject => Path.Combine(Root, "sdk", "Migrations.Build.Sdk", "Migrations.Build.Sdk.csproj");

    public static string SampleMigrations => Path.Combine(Root, "samples", "Billing.Database", "migrations");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Migrations.Build.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find Migrations.Build.sln above {AppContext.BaseDirectory}; run the tests from a clone of the repository.");
    }
}
