using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Backups;

/// <summary>
/// A "Production" database declared with Backup="true" (confirmed, no staging requirement) that already holds data,
/// one pending migration, and a backup folder; deleted when the test ends.
/// </summary>
internal sealed class BackupWorkspace : IAsyncDisposable
{
    public const string Id = "20250210000000_customers";
    public const string UrlVariable = "PRODUCTION_URL";

    private BackupWorkspace(TestDatabase database, string root)
    {
        Database = database;
        Root = root;
        Directory.CreateDirectory(Migrations);
        File.WriteAllText(Path.Combine(Migrations, Id + ".sql"), "create table customers (id int primary key);\n");
        File.WriteAllText(Path.Combine(Migrations, Id + "_rollback.sql"), "drop table customers;\n");
    }

    public TestDatabase Database { get; }

    public string Root { get; }

    public string Migrations => Path.Combine(Root, "migrations");

    public string BackupDirectory => Path.Combine(Root, "obj", "backups");

    /// <summary>Variables the operation reads beyond the URL and confirmation, e.g. PATH.</summary>
    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal)
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
    };

    /// <summary>The URL the operation connects with; a test may add a password the server does not check.</summary>
    public string Url { get; set; } = string.Empty;

    public static async Task<BackupWorkspace> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var database = await PostgresServer.CreateDatabaseAsync(name, cancellationToken);
        var workspace = new BackupWorkspace(database, Path.Combine(Path.GetTempPath(), "mb-backup-" + Guid.NewGuid().ToString("N")));
        workspace.Url = database.ConnectionString;
        await workspace.ExecuteAsync("create table accounts (id int primary key, name text); insert into accounts values (1, 'ada'), (2, 'grace'), (3, 'linus');");
        return workspace;
    }

    public OperationSettings Settings(string? backupCommand = null) => new()
    {
        MigrationsDirectory = Migrations,
        EnvironmentName = "Production",
        Environments = [new EnvironmentDeclaration("Production", UrlVariable, ConfirmVariable: "CONFIRM_PRODUCTION", Backup: "true")],
        BackupCommand = backupCommand,
        BackupDirectory = BackupDirectory,
        ProjectDirectory = Root,
        ReadVariable = name => name switch
        {
            UrlVariable => Url,
            "CONFIRM_PRODUCTION" => "true",
            _ => Variables.GetValueOrDefault(name),
        },
    };

    /// <summary>
    /// A stand-in client program in a folder of its own: <c>--version</c> prints <paramref name="version"/>, anything
    /// else runs <paramref name="script"/>. Returns the folder, to put on PATH.
    /// </summary>
    public string FakeTool(string name, string version, string script)
    {
        var folder = Path.Combine(Root, "fake-tools");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, $"#!/bin/sh\nif [ \"$1\" = --version ]; then echo '{name} (PostgreSQL) {version}'; exit 0; fi\n{script}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return folder;
    }

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
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>History rows as "operation status backup_path error", oldest first.</summary>
    public async Task<List<(string Operation, string Status, string? BackupPath, string? Error)>> HistoryAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select operation, status, backup_path, error from migrations_build.history order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string?, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
