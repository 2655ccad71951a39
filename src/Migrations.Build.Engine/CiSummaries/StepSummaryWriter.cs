using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.CiSummaries;

/// <summary>
/// Finishes a database target's step summary: adds the overrides it ran with, renders it, removes any password
/// the environment URLs hold (a last line of defence: nothing in the summary should carry one) and appends it.
/// </summary>
internal static class StepSummaryWriter
{
    public static void Write(StepSummary summary, OperationSettings settings, bool succeeded, TimeSpan elapsed, IOperationLog log)
    {
        // ResolveMigration only edits history by hand; the summary is for the workflow's steps.
        if (summary.Operation == MigrationOperation.Resolve)
        {
            return;
        }

        try
        {
            if (StepSummaryFile.PathFrom(settings.ReadVariable) is not { } path)
            {
                return;
            }

            foreach (var setting in OverridesOf(summary.Operation, settings))
            {
                summary.AddOverride(setting);
            }

            // Not every target is handed the project's folder; the project file's folder is the same place.
            var projectDirectory = string.IsNullOrWhiteSpace(settings.ProjectDirectory) ? Path.GetDirectoryName(settings.ProjectPath) : settings.ProjectDirectory;
            var markdown = StepSummaryMarkdown.Render(summary, succeeded, elapsed, projectDirectory);
            StepSummaryFile.Append(path, PasswordRedaction.Redact(markdown, Passwords(settings)), log);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // This runs after the operation has ended, whatever ended it: a report about it must not replace its result with a crash.
            StepSummaryFile.ReportNotWritten(log, null, $"{exception.GetType().Name}: {exception.Message}");
            log.Detail(exception.ToString());
        }
    }

    /// <summary>The switches that let an operation past a safety check; a summary names each one that was on.</summary>
    private static IEnumerable<string> OverridesOf(MigrationOperation operation, OperationSettings settings)
    {
        if (operation == MigrationOperation.Baseline && settings.BaselineUnverified)
        {
            yield return PublicSurface.BaselineUnverifiedProperty + "=true";
        }

        if (operation is not (MigrationOperation.Deploy or MigrationOperation.Rollback))
        {
            yield break;
        }

        if (settings.SkipStagingCheck && operation == MigrationOperation.Deploy)
        {
            yield return PublicSurface.SkipStagingCheckProperty + "=true";
        }

        if (settings.IgnoreWindow)
        {
            yield return PublicSurface.IgnoreWindowProperty + "=true";
        }

        if (settings.AllowDataLoss)
        {
            yield return PublicSurface.AllowDataLossProperty + "=true";
        }

        if (settings.AllowOutOfOrder)
        {
            yield return (operation == MigrationOperation.Deploy ? PublicSurface.AllowOutOfOrderProperty : PublicSurface.AllowOutOfOrderRollbackProperty) + "=true";
        }

        if (settings.SkipDriftCheck)
        {
            yield return PublicSurface.SkipDriftCheckProperty + "=true";
        }

        if (settings.UseRollbackFromDisk && operation == MigrationOperation.Rollback)
        {
            yield return PublicSurface.UseRollbackFromDiskProperty + "=true";
        }
    }

    /// <summary>The password of every environment URL that is set, as written and as it appears URL-encoded.</summary>
    private static IEnumerable<string> Passwords(OperationSettings settings)
    {
        var variables = MigrationEnvironment.BuiltIn.Select(environment => environment.UrlVariable)
            .Concat(settings.Environments.Select(declaration => declaration.UrlVariable).OfType<string>())
            .Where(variable => !string.IsNullOrWhiteSpace(variable))
            .Distinct(StringComparer.Ordinal);
        foreach (var variable in variables)
        {
            var url = settings.ReadVariable(variable.Trim());
            if (!string.IsNullOrWhiteSpace(url) && ConnectionUrl.TryParse(url, out var connection, out _) && !string.IsNullOrEmpty(connection.Password))
            {
                yield return connection.Password;
                yield return Uri.EscapeDataString(connection.Password);
            }
        }
    }
}
