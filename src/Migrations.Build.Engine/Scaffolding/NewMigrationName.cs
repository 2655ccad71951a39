using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Scaffolding;

/// <summary>
/// Checks <c>-p:Name</c> with the same rules validation applies to file names (MIG0003 lower snake case, MIG0007 no
/// <c>_rollback</c> ending), so a name NewMigration accepts never fails the build; a rejected name comes with the
/// legal name closest to it.
/// </summary>
internal static class NewMigrationName
{
    private const string Example = "add_invoices";

    /// <summary>The name to use, or null with the coded reason it cannot be used.</summary>
    public static string? Check(string? typed, string? projectPath, out Diagnostic? problem)
    {
        problem = null;
        var name = typed?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            var command = $"dotnet msbuild {(string.IsNullOrWhiteSpace(projectPath) ? string.Empty : projectPath + " ")}-t:{PublicSurface.NewMigrationTarget} {NameSwitch(Example)}";
            problem = new Diagnostic(
                DiagnosticCatalog.NewMigrationNameMissing,
                SourceLocation.None,
                $"{PublicSurface.NewMigrationTarget} needs the new migration's name; run {command}, with the name in lower snake case ([a-z0-9_]+).");
            return null;
        }

        if (!MigrationFileName.IsValidName(name))
        {
            // "add_invoices.sql" is a file name typed as a name: the suggestion keeps the name, not "sql".
            var stem = name.EndsWith(MigrationFileName.Extension, StringComparison.OrdinalIgnoreCase) ? name[..^MigrationFileName.Extension.Length] : name;
            var suggestion = WithoutRollbackSuffix(MigrationFileName.SuggestName(stem));
            problem = new Diagnostic(
                DiagnosticCatalog.MalformedFileName,
                SourceLocation.None,
                suggestion.Length > 0
                    ? $"The name '{name}' is not lower snake case ([a-z0-9_]+); use {NameSwitch(suggestion)}."
                    : $"The name '{name}' is not lower snake case ([a-z0-9_]+) and has nothing to make one from; use a name such as {NameSwitch(Example)}.");
            return null;
        }

        if (MigrationFileName.NameEndsInRollbackSuffix(name))
        {
            problem = new Diagnostic(
                DiagnosticCatalog.ForwardNameEndsInRollback,
                SourceLocation.None,
                $"The name '{name}' ends in '{MigrationFileName.RollbackSuffix}', so the new forward file would read as the rollback of another migration; use {NameSwitch(Fallback(WithoutRollbackSuffix(name)))}.");
            return null;
        }

        return name;
    }

    private static string Fallback(string suggestion) => suggestion.Length > 0 ? suggestion : Example;

    private static string NameSwitch(string name) => PublicSurface.PropertySwitch(PublicSurface.NewMigrationNameProperty, name);

    /// <summary>Removes every trailing <c>_rollback</c> (and the underscores before it) that would trip MIG0007.</summary>
    private static string WithoutRollbackSuffix(string name)
    {
        while (MigrationFileName.NameEndsInRollbackSuffix(name))
        {
            name = name[..^MigrationFileName.RollbackSuffix.Length].TrimEnd('_');
        }

        return name;
    }
}
