using System.Diagnostics.CodeAnalysis;
using Migrations.Build.Engine.Diagnostics;
using Npgsql;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// An environment together with the database its URL points at. A class rather than a record on purpose: a
/// record's generated ToString would print the connection string builder, password included.
/// </summary>
internal sealed class ConnectionTarget
{
    private readonly NpgsqlConnectionStringBuilder connection;

    public ConnectionTarget(MigrationEnvironment environment, NpgsqlConnectionStringBuilder connection)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(connection);
        Environment = environment;
        this.connection = Copy(connection);
    }

    public MigrationEnvironment Environment { get; }

    /// <summary>A copy on every read, so no caller can change where this target points. Holds the password.</summary>
    public NpgsqlConnectionStringBuilder Connection => Copy(connection);

    /// <summary>What Npgsql opens. Holds the password: for the database layer only, never for a message.</summary>
    public string ConnectionString => connection.ConnectionString;

    public string HostAndPort => ConnectionUrl.HostAndPort(connection);

    /// <summary>The database Npgsql will open: the named one, else (as libpq) the one named after the user.</summary>
    public string Database => connection.Database ?? connection.Username ?? "(server default)";

    public string User => connection.Username ?? "(current operating system user)";

    /// <summary>Whether the URL carried a password (rather than relying on .pgpass, a certificate or trust).</summary>
    public bool HasPassword => !string.IsNullOrEmpty(connection.Password);

    /// <summary>
    /// Reads the environment's URL variable. A missing or unusable URL yields MIG1002 telling the user what to set.
    /// </summary>
    public static bool TryCreate(
        MigrationEnvironment environment,
        Func<string, string?> readVariable,
        [NotNullWhen(true)] out ConnectionTarget? target,
        [NotNullWhen(false)] out Diagnostic? diagnostic)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(readVariable);
        if (environment.IsThrowaway)
        {
            // Its variable names a server to create a database on, not the database itself.
            throw new InvalidOperationException($"{environment.Name} is a throwaway database; its connection comes from the throwaway database provider.");
        }

        target = null;
        var value = readVariable(environment.UrlVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            diagnostic = new Diagnostic(
                DiagnosticCatalog.EnvironmentNotConfigured,
                SourceLocation.None,
                $"Environment {environment.Name} needs its URL: set the environment variable {environment.UrlVariable} to "
                + "postgres://user:password@host:5432/database (percent-encode @ : / ? # % in the password; "
                + "an Npgsql string Host=…;Username=…;Password=…;Database=… works too).");
            return false;
        }

        ParsedConnectionUrl parsed;
        try
        {
            parsed = ConnectionUrl.Read(value);
        }
        catch (ConnectionUrlFormatException exception)
        {
            diagnostic = new Diagnostic(
                DiagnosticCatalog.EnvironmentNotConfigured,
                SourceLocation.None,
                $"Environment {environment.Name} cannot use the URL in {environment.UrlVariable}: {exception.Message}.");
            return false;
        }

        target = new ConnectionTarget(environment, parsed.Connection);
        diagnostic = null;
        return true;
    }

    /// <summary>The line every database target prints before touching anything (contract §4); never the password.</summary>
    public string Describe() => $"Environment: {Environment.Name} — host {HostAndPort}, database {Database}, user {User}";

    public override string ToString() => Describe();

    private static NpgsqlConnectionStringBuilder Copy(NpgsqlConnectionStringBuilder source) => new(source.ConnectionString);
}
