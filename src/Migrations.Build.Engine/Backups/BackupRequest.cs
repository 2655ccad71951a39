using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Backups;

/// <summary>One backup to take: of which database, before which operation and migration, into which file.</summary>
internal sealed record BackupRequest(string EnvironmentName, string ConnectionString, MigrationOperation Operation, string Version, string FilePath)
{
    /// <summary>The password, so a tool's message that quotes it can be scrubbed before it is shown.</summary>
    public string? Password => new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Password;

    /// <summary>Leaves the connection string (and so the password) out of the generated ToString.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"EnvironmentName = {EnvironmentName}, Operation = {Operation}, Version = {Version}, FilePath = {FilePath}");
        return true;
    }
}
