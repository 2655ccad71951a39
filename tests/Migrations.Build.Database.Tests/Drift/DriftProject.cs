using Migrations.Build.Database.Tests.Verification;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Local;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Drift;

/// <summary>
/// A migrations folder and a fresh database standing in for a confirmed Production declared with CheckDrift="true";
/// the throwaway replay databases go on the test server (MIGRATIONS_LOCAL_URL).
/// </summary>
internal sealed class DriftProject : IAsyncDisposable
{
    public const string First = "20250210000000_invoices";
    public const string Second = "20250301000000_invoice_notes";

    private readonly string localUrl;

    private DriftProject(TestDatabase database, string folder, string localUrl)
    {
        Database = database;
        Folder = folder;
        this.localUrl = localUrl;
    }

    public TestDatabase Database { get; }

    public string Folder { get; }

    /// <summary>False leaves MIGRATIONS_LOCAL_URL unset, so the replay runs on a temporary cluster from local binaries.</summary>
    public bool ReplayOnTestServer { get; set; } = true;

    /// <summary>MigrationsLocalBinDirectory for a temporary cluster: null searches the machine, as a user's build does.</summary>
    public string? LocalBinDirectory { get; set; }

    /// <summary>The Production URL the settings hand out; a test may point it at another role.</summary>
    public string ProductionUrl { get; set; } = string.Empty;

    public static async Task<DriftProject> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var server = await PostgresServer.GetAsync(cancellationToken);
        var folder = Path.Combine(Path.GetTempPath(), "mb-drift-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var project = new DriftProject(await server.CreateDatabaseAsync(name, cancellationToken), folder, LocalReplayTests.OptionsFor(server).ReadVariable(ThrowawayServerOptions.LocalUrlVariable)!);
        project.ProductionUrl = project.Database.ConnectionString;
        project.Write(
            First,
            "create table invoices (id int primary key, status text not null default 'open', owner_id int);\nalter table invoices enable row level security;\ncreate policy invoices_own on invoices using (owner_id = 1);\n",
            "drop table invoices;\n");
        return project;
    }

    public void Write(string id, string forward, string rollback)
    {
        File.WriteAllText(Path.Combine(Folder, id + ".sql"), forward);
        File.WriteAllText(Path.Combine(Folder, id + "_rollback.sql"), rollback);
    }

    /// <summary>The second migration, added to the folder (pending until deployed).</summary>
    public void AddSecond() =>
        Write(Second, "alter table invoices add column note text;\ncreate index invoices_owner_idx on invoices (owner_id);\n", "drop index invoices_owner_idx;\nalter table invoices drop column note;\n");

    public OperationSettings Settings() => new()
    {
        MigrationsDirectory = Folder,
        EnvironmentName = "Production",
        Environments = [new EnvironmentDeclaration("Production", "SUPABASE_PRODUCTION_URL", "CONFIRM_PRODUCTION", CheckDrift: "true")],
        ReadVariable = name => name switch
        {
            "SUPABASE_PRODUCTION_URL" => ProductionUrl,
            "CONFIRM_PRODUCTION" => "true",
            ThrowawayServerOptions.LocalUrlVariable => ReplayOnTestServer ? localUrl : null,
            _ => null,
        },
        RunbookDirectory = Path.Combine(Folder, "runbooks"),
        LocalBinDirectory = LocalBinDirectory,
    };

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Runs <paramref name="sql"/> on the test server's maintenance database: roles are server-wide.</summary>
    public static async Task ExecuteOnServerAsync(string sql)
    {
        var server = await PostgresServer.GetAsync(CancellationToken.None);
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
