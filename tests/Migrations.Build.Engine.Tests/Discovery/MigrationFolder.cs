using System.Text;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Tests.Discovery;

/// <summary>A throwaway migrations folder on disk, deleted when the test ends.</summary>
internal sealed class MigrationFolder : IDisposable
{
    public MigrationFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "mb-discovery-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string relativePath, string text) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A forward file and its rollback with a real statement in each.</summary>
    public void WritePair(string id, string? subfolder = null)
    {
        var prefix = subfolder is null ? string.Empty : subfolder + "/";
        Write($"{prefix}{id}.sql", "create table t (id int);\n");
        Write($"{prefix}{id}_rollback.sql", "drop table t;\n");
    }

    /// <summary>
    /// Discovers this folder on a worker thread, so a test's timeout can give up on a discovery that hangs (reading a
    /// named pipe waits for a writer) instead of hanging the whole test run.
    /// </summary>
    public async Task<MigrationSet> DiscoverWithinAsync(CancellationToken cancellation) =>
        await Task.Run(() => MigrationDiscovery.Discover(new MigrationDiscoveryOptions(Root)), cancellation).WaitAsync(cancellation);

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
