namespace Migrations.Build.Database.Tests.Commands;

/// <summary>A migrations folder with one valid pair, deleted when the test ends.</summary>
internal sealed class TempMigrations : IDisposable
{
    public TempMigrations(string id)
    {
        Root = Path.Combine(Path.GetTempPath(), "mb-cmd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, id + ".sql"), "create table customers (id int primary key);\n");
        File.WriteAllText(Path.Combine(Root, id + "_rollback.sql"), "drop table customers;\n");
    }

    public string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
