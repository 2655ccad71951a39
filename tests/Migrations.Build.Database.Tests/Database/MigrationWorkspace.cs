using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Database;

/// <summary>A migrations folder on disk plus a fresh database, for driving operations end to end in-process.</summary>
internal sealed class MigrationWorkspace : IAsyncDisposable
{
    private MigrationWorkspace(TestDatabase database, string folder)
    {
        Database = database;
        Folder = folder;
        Log = new RecordingLog();
    }

    public TestDatabase Database { get; }

    public string Folder { get; }

    public RecordingLog Log { get; private set; }

    public static async Task<MigrationWorkspace> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mb-ops-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new MigrationWorkspace(await PostgresServer.CreateDatabaseAsync(name, cancellationToken), folder);
    }

    public string Write(string fileName, string text)
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    public void WritePair(string id, string forward, string rollback)
    {
        Write(id + ".sql", forward);
        Write(id + "_rollback.sql", rollback);
    }

    public IReadOnlyList<MigrationPair> Pairs()
    {
        var set = MigrationDiscovery.Discover(new MigrationDiscoveryOptions(Folder));
        Assert.IsFalse(set.HasErrors, string.Join(Environment.NewLine, set.Diagnostics));
        return set.Pairs;
    }

    public OperationContext Context(string environment = "Staging", string lockWait = "00:00:05") =>
        new(environment, Database.ConnectionString, HistoryLocation.Default, new ExecutionSettings(), TimeSpan.Parse(lockWait, System.Globalization.CultureInfo.InvariantCulture), Log);

    /// <summary>Starts a fresh log, so each step's assertions see only its own output.</summary>
    public RecordingLog NewLog() => Log = new RecordingLog();

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task<bool> TableExistsAsync(string qualifiedName) => (bool)(await ScalarAsync($"select to_regclass('{qualifiedName}') is not null"))!;

    public async Task<IReadOnlyList<StatusRow>> StatusAsync() => await StatusReader.ReadAsync(Context(), Pairs(), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp folders are harmless.
        }
    }
}
