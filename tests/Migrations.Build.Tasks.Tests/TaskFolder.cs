namespace Migrations.Build.Tasks.Tests;

/// <summary>A project folder with one valid migration pair, deleted when the test ends.</summary>
internal sealed class TaskFolder : IDisposable
{
    public TaskFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "mb-task-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "20250210000000_billing.sql"), "create table billing (id int);\n");
        File.WriteAllText(Path.Combine(Root, "20250210000000_billing_rollback.sql"), "drop table billing;\n");
    }

    public string Root { get; }

    public string ProjectPath => Path.Combine(Root, "db.csproj");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
