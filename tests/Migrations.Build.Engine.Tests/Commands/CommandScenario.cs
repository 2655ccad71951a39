using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Tests.Discovery;
using Migrations.Build.Engine.Tests.Environments;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Commands;

/// <summary>
/// A project with one valid pair, a fake process environment and a recording log: enough to run an engine command up
/// to the point where it would open a connection, which none of these tests reach.
/// </summary>
internal sealed class CommandScenario : IDisposable
{
    public const string MigrationId = "20250210000000_billing";

    /// <summary>A URL nothing is asked of: every test here stops before connecting.</summary>
    public const string UnusedUrl = "postgres://deploy:s3cret@db.invalid:5432/app";

    private readonly MigrationFolder folder = new();

    public CommandScenario(params (string Name, string Value)[] variables)
    {
        folder.WritePair(MigrationId);
        Variables = new Variables(variables);
    }

    public Variables Variables { get; }

    public RecordingLog Log { get; } = new();

    public OperationSettings Settings => new()
    {
        MigrationsDirectory = folder.Root,
        ProjectPath = "/work/db/db.csproj",
        ReadVariable = Variables.Get,
    };

    /// <summary>The codes of the errors reported (the sample pair draws lint warnings that do not matter here).</summary>
    public IEnumerable<string> Errors => Log.Diagnostics.Where(diagnostic => diagnostic.IsError).Select(diagnostic => diagnostic.Code);

    public void WriteUnpairedForward() => folder.Write("20250301000000_orphan.sql", "create table o (id int);\n");

    /// <summary>The one diagnostic with <paramref name="code"/>; fails listing everything reported otherwise.</summary>
    public Diagnostics.Diagnostic Single(string code)
    {
        var matching = Log.Diagnostics.Where(diagnostic => diagnostic.Code == code).ToList();
        Assert.HasCount(1, matching, Log.ToString());
        return matching[0];
    }

    public void Dispose() => folder.Dispose();
}
