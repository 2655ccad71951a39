using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Database;

/// <summary>A PostgreSQL error while running a migration, located in the migration file.</summary>
internal sealed record ServerError(string FilePath, int Line, int Column, string Message, string SqlState, string? Detail, string? Hint, string? Where)
{
    /// <summary><c>file(line,col): error MIG1007: message (SQLSTATE code)</c>, with the server's DETAIL and HINT when it gave them.</summary>
    public Diagnostic ToDiagnostic()
    {
        var text = $"{Message} (SQLSTATE {SqlState})";
        if (!string.IsNullOrWhiteSpace(Detail))
        {
            text += $" DETAIL: {Detail}";
        }

        if (!string.IsNullOrWhiteSpace(Hint))
        {
            text += $" HINT: {Hint}";
        }

        if (!string.IsNullOrWhiteSpace(Where))
        {
            text += $" WHERE: {Where.ReplaceLineEndings(" / ")}";
        }

        return new Diagnostic(DiagnosticCatalog.SqlErrorWhileApplying, new SourceLocation(FilePath, Line, Column), text);
    }

    public override string ToString() => ToDiagnostic().ToString();
}
