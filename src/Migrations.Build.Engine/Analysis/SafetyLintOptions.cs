namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// What the safety lint needs to know about the project beyond its migration files. The defaults report nothing that
/// depends on how the database is exposed.
/// </summary>
public sealed record SafetyLintOptions
{
    public static SafetyLintOptions Default { get; } = new();

    /// <summary>
    /// The schemas an API serves to its clients (PostgREST, Supabase: public), where MIG0309 asks for row level
    /// security; empty reports no MIG0309. Names as PostgreSQL stores them (unquoted names folded to lower case).
    /// </summary>
    public IReadOnlyList<string> ExposedSchemas { get; init; } = [];

    /// <summary>
    /// Reads the <c>MigrationsExposedSchemas</c> property as MSBuild passes it: a <c>;</c>-separated list, blanks
    /// ignored. The SDK's targets, not this method, supply the Supabase default.
    /// </summary>
    public static SafetyLintOptions FromExposedSchemasProperty(string? exposedSchemas) => new()
    {
        ExposedSchemas = (exposedSchemas ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList(),
    };
}
