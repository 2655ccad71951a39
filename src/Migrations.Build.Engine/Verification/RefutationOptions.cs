namespace Migrations.Build.Engine.Verification;

/// <summary>
/// What TestMigration accepts short of an exact match, and where it writes the full list of differences.
/// </summary>
/// <param name="IgnoreColumnOrder"><c>MigrationsIgnoreColumnOrder</c>: columns only in another order are a warning (MIG1027), not an error.</param>
/// <param name="IgnoreWhitespace"><c>MigrationsIgnoreWhitespace</c>: bodies that differ only in whitespace are a warning (MIG1028), not an error.</param>
/// <param name="DifferencesDirectory">Where each refutation's full list goes (the SDK passes obj/…/migrations); null writes none, and then every line is printed.</param>
internal sealed record RefutationOptions(bool IgnoreColumnOrder, bool IgnoreWhitespace, string? DifferencesDirectory)
{
    /// <summary>Every difference is an error, and no file is written.</summary>
    public static RefutationOptions Strict { get; } = new(false, false, null);
}
