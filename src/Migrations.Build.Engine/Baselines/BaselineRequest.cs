using Migrations.Build.Engine.Drift;

namespace Migrations.Build.Engine.Baselines;

/// <summary>What BaselineMigration was asked to do.</summary>
/// <param name="Selector"><c>-p:Migration</c>: the newest migration the database already holds; with <paramref name="FromSupabase"/> optional, and then a check.</param>
/// <param name="Reason"><c>-p:Reason</c>: why, recorded in every row with who did it.</param>
/// <param name="Proof">How to prove the live schema equals the replay; null when <c>MigrationsBaselineUnverified=true</c> skips the proof.</param>
/// <param name="DifferencesDirectory">Where the full list of a refused baseline's differences goes; null writes none.</param>
/// <param name="FromSupabase"><c>MigrationsBaselineFrom=supabase</c>: the applied set is what supabase_migrations.schema_migrations lists.</param>
internal sealed record BaselineRequest(string? Selector, string? Reason, LiveSchemaComparisonSettings? Proof, string? DifferencesDirectory, bool FromSupabase = false)
{
    public bool Unverified => Proof is null;
}
