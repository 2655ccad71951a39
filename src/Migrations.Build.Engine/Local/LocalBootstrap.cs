using Migrations.Build.Engine.Sql;
using Npgsql;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// The SQL run first on every throwaway database (MigrationsLocalBootstrap): what the real platform provides before
/// any migration runs, such as Supabase's roles and auth schema, so that migrations which rely on it can be tested
/// on plain PostgreSQL.
/// </summary>
internal sealed class LocalBootstrap
{
    public const string PropertyName = "MigrationsLocalBootstrap";

    /// <summary>The value that selects the built-in shim; it wins over a file of the same name.</summary>
    public const string SupabaseKeyword = "supabase";

    private LocalBootstrap(string sql, string description)
    {
        Sql = sql;
        Description = description;
    }

    /// <summary>Nothing to run.</summary>
    public static LocalBootstrap None { get; } = new(string.Empty, "no bootstrap");

    /// <summary>The built-in minimal Supabase shim: roles anon/authenticated/service_role and auth.uid()/role()/jwt().</summary>
    public static LocalBootstrap Supabase { get; } = new(SupabaseShim.Sql, "the built-in Supabase shim");

    public string Sql { get; }

    /// <summary>For logs and errors: "no bootstrap", "the built-in Supabase shim" or the file's full path.</summary>
    public string Description { get; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Sql);

    /// <summary>
    /// Reads the property value: empty = nothing, <c>supabase</c> (any case) = the built-in shim, anything else = a SQL
    /// file, relative to <paramref name="projectDirectory"/> unless absolute.
    /// </summary>
    /// <exception cref="LocalBootstrapException">The file does not exist or cannot be read.</exception>
    public static LocalBootstrap Resolve(string? value, string projectDirectory)
    {
        ArgumentNullException.ThrowIfNull(projectDirectory);
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return None;
        }

        if (trimmed.Equals(SupabaseKeyword, StringComparison.OrdinalIgnoreCase))
        {
            return Supabase;
        }

        var path = Path.GetFullPath(Path.Combine(projectDirectory, trimmed));
        const string choices = $"set {PropertyName} to a SQL file relative to the project directory, to '{SupabaseKeyword}' for the built-in Supabase shim, or leave it empty";
        if (!File.Exists(path))
        {
            throw new LocalBootstrapException(
                Directory.Exists(path)
                    ? $"{PropertyName} is '{trimmed}', which is a directory ({path}), not a SQL file; {choices}."
                    : $"{PropertyName} is '{trimmed}', but the file {path} does not exist (a relative path is resolved against the project directory {projectDirectory}); {choices}.");
        }

        try
        {
            return new LocalBootstrap(File.ReadAllText(path), path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new LocalBootstrapException($"{PropertyName} file {path} cannot be read: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Runs the statements one by one, so a failure names the line it came from. No transaction of its own: a
    /// bootstrap may hold statements that refuse to run inside one, and a failed bootstrap drops the database anyway.
    /// </summary>
    internal async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        foreach (var statement in SqlScript.Parse(Sql).Statements)
        {
            await using var command = new NpgsqlCommand(statement.Text, connection);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception)
            {
                throw new LocalBootstrapException(
                    $"{PropertyName} ({Description}) failed at line {statement.Line}: {exception.MessageText} (SQLSTATE {exception.SqlState})",
                    exception);
            }
        }
    }

    public override string ToString() => Description;
}
