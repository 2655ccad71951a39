using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Scaffolding;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// NewMigration (<c>-t:NewMigration -p:Name=add_invoices</c>): creates a timestamped forward/rollback pair from the
/// templates and prints both full paths (a terminal in an IDE makes them clickable). The folder is not validated
/// first: a broken existing pair must not stop anyone from starting a new migration. It is validated afterwards, and
/// problems elsewhere are named in one line, so nobody is surprised by the next build.
/// </summary>
public static class NewMigrationCommand
{
    /// <summary>How many files with errors the closing note names before it says "and N more".</summary>
    private const int NamedProblemFiles = 3;

    public static bool Run(NewMigrationRequest request, IOperationLog log)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        try
        {
            var pair = MigrationScaffolder.Create(request, out var problems);
            foreach (var problem in problems)
            {
                log.Report(problem);
            }

            if (pair is null)
            {
                return false;
            }

            log.Important($"Created migration {pair.FileName.Id}; write the change and how to undo it in:");
            log.Important("  " + pair.ForwardPath);
            log.Important("  " + pair.RollbackPath);
            if (pair.After is not null)
            {
                log.Important($"Its version is one second after the newest existing migration {pair.After}, not the current UTC time, so it sorts last.");
            }

            return ReportFolder(request, pair, log);
        }
        catch (Exception exception)
        {
            log.Report(InternalError.Describe(PublicSurface.NewMigrationTarget, exception));
            log.Detail(exception.ToString());
            return false;
        }
    }

    /// <summary>
    /// Validates the folder as the build will. Anything in the new pair other than "still the template" is reported
    /// (it would be a bug in the templates); errors in other files are summed up, since they are not this target's
    /// to fail on, and the next build lists them in full.
    /// </summary>
    private static bool ReportFolder(NewMigrationRequest request, NewMigrationPair pair, IOperationLog log)
    {
        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(request.ForwardDirectory, request.RollbackDirectory) { UntouchedTemplatesAreWarnings = true });
        var ours = new HashSet<string>([pair.ForwardPath, pair.RollbackPath], StringComparer.Ordinal);
        var healthy = true;
        foreach (var diagnostic in validation.Diagnostics.Where(diagnostic => ours.Contains(diagnostic.Location.FilePath) && diagnostic.Descriptor != DiagnosticCatalog.UntouchedTemplate))
        {
            log.Report(diagnostic);
            healthy &= !diagnostic.IsError;
        }

        var elsewhere = validation.Diagnostics.Where(diagnostic => diagnostic.IsError && !ours.Contains(diagnostic.Location.FilePath)).ToList();
        if (elsewhere.Count > 0)
        {
            var files = elsewhere.GroupBy(diagnostic => diagnostic.Location.HasFile ? Path.GetFileName(diagnostic.Location.FilePath) : "the folder")
                .Select(group => $"{group.Key} ({string.Join(", ", group.Select(diagnostic => diagnostic.Code).Distinct())})")
                .ToList();
            var named = string.Join("; ", files.Take(NamedProblemFiles)) + (files.Count > NamedProblemFiles ? $"; and {files.Count - NamedProblemFiles} more file(s)" : string.Empty);
            log.Important($"Note: other migrations already fail validation with {elsewhere.Count} error(s), which dotnet build will report: {named}.");
        }

        return healthy;
    }
}
