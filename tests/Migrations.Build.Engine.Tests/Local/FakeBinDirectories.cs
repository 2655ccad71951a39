namespace Migrations.Build.Engine.Tests.Local;

/// <summary>
/// Folders laid out like PostgreSQL bin folders whose <c>postgres --version</c> prints a chosen release and whose
/// initdb fails: enough to test which folder is CHOSEN, never a stand-in for PostgreSQL itself. Under /tmp rather
/// than TMPDIR, so the postgres user reaches them when the tests run as root.
/// </summary>
internal sealed class FakeBinDirectories : IDisposable
{
    private FakeBinDirectories(string root) => Root = root;

    public string Root { get; }

    public static FakeBinDirectories Create() =>
        new(Directory.CreateDirectory(Path.Combine(OperatingSystem.IsWindows() ? Path.GetTempPath() : "/tmp", "fake-pg-bins-" + Guid.NewGuid().ToString("N")[..12])).FullName);

    /// <summary>A folder named <paramref name="name"/> whose postgres prints <paramref name="versionLine"/>.</summary>
    public string Add(string name, string versionLine)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, name, "bin")).FullName;
        Write(folder, "postgres", $"#!/bin/sh\necho '{versionLine}'\n");
        Write(folder, "initdb", "#!/bin/sh\necho 'fake initdb: not a PostgreSQL server' >&2\nexit 1\n");
        Write(folder, "pg_ctl", "#!/bin/sh\nexit 1\n");
        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Write(string folder, string tool, string script)
    {
        var path = Path.Combine(folder, tool);
        File.WriteAllText(path, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
