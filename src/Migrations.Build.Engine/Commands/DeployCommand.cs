using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Commands;

/// <summary>DeployMigration: applies pending migrations (or the one named) to an environment, behind its gates.</summary>
public static class DeployCommand
{
    public static Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken = default) =>
        OperationSequence.RunAsync(MigrationOperation.Deploy, settings, log, RunAsync, cancellationToken);

    private static async Task<bool> RunAsync(OperationSequence sequence)
    {
        // Opened while the folder validates: a deploy with nothing pending is mostly these two.
        await using var prefetch = sequence.PrefetchConnection(DeployOperation.ConnectionPurpose);
        if (sequence.ValidateAndResolveOne() is not var (pairs, environment)
            || await sequence.ConnectWithContextAsync(environment).ConfigureAwait(false) is not var (target, context))
        {
            return false;
        }

        context = context with { Prefetch = prefetch, Backup = EnvironmentBackup.For(environment, sequence.Raw), Runbook = RunbookFor(environment, sequence.Raw) };
        EvidenceRequirement? evidence = null;
        if (environment.RequireTestedOn is { } testedOn)
        {
            evidence = await ReadEvidenceAsync(sequence, environment, testedOn).ConfigureAwait(false);
            if (evidence is null)
            {
                return false;
            }
        }

        var raw = sequence.Raw;
        context = context with { DataLoss = DataLossPolicy.For(environment, raw.AllowDataLoss), KeepSupabaseHistory = raw.SupabaseHistory };
        return await sequence.GuardAsync(target, async () =>
        {
            var outcome = await DeployOperation.RunAsync(context, pairs, sequence.Settings.Migration, raw.AllowOutOfOrder, evidence, sequence.CancellationToken).ConfigureAwait(false);
            sequence.Summary.AddOutcome(outcome, "applied");
            return outcome.Succeeded
                && (HealthCheckFor(raw) is not { } healthCheck
                    || await Runbooks.DeployHealthCheck.RunAsync(context with { Runbook = outcome.Runbook }, healthCheck, pairs, outcome, sequence.CancellationToken).ConfigureAwait(false));
        }).ConfigureAwait(false);
    }

    private static Runbooks.HealthCheckSettings? HealthCheckFor(OperationSettings settings) =>
        string.IsNullOrWhiteSpace(settings.HealthCheckCommand)
            ? null
            : new Runbooks.HealthCheckSettings(settings.HealthCheckCommand.Trim(), string.IsNullOrWhiteSpace(settings.ProjectDirectory) ? Directory.GetCurrentDirectory() : settings.ProjectDirectory, settings.RollbackOnFailedHealthCheck);

    /// <summary>An environment that asks for confirmation gets a rollback runbook with every deploy that changes it.</summary>
    private static Runbooks.RunbookSettings? RunbookFor(MigrationEnvironment environment, OperationSettings settings)
    {
        if (environment.ConfirmVariable is not { } confirm)
        {
            return null;
        }

        var project = string.IsNullOrWhiteSpace(settings.ProjectDirectory) ? Directory.GetCurrentDirectory() : settings.ProjectDirectory;
        var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.RunbookDirectory) ? OperationDefaults.RunbookDirectory : settings.RunbookDirectory.Trim(), project);
        return new Runbooks.RunbookSettings(directory, string.IsNullOrWhiteSpace(settings.ProjectPath) ? null : settings.ProjectPath, environment.UrlVariable, confirm);
    }

    /// <summary>
    /// Reads the passed tests recorded on the RequireTestedOn environment. When that environment cannot be reached or
    /// is not configured, the deploy is refused (MIG1004) unless the check is skipped, in which case nothing is proven.
    /// </summary>
    private static async Task<EvidenceRequirement?> ReadEvidenceAsync(OperationSequence sequence, MigrationEnvironment deployed, string testedOn)
    {
        var skip = sequence.Raw.SkipStagingCheck;
        var command = PublicSurface.Command(sequence.Raw.ProjectPath ?? "<project>", MigrationOperation.Test, (PublicSurface.EnvironmentProperty, testedOn));
        var source = sequence.Resolver.Find(testedOn);
        if (source is null || source.IsThrowaway || !ConnectionTarget.TryCreate(source, sequence.Raw.ReadVariable, out var sourceTarget, out _))
        {
            var why = source is null
                ? $"no environment named {testedOn} is configured"
                : source.IsThrowaway ? $"{testedOn} is a throwaway database that keeps no evidence" : $"{source.UrlVariable} is not set, so its history cannot be read";
            sequence.Log.Report(new Diagnostic(
                DiagnosticCatalog.NotTestedOnStaging,
                SourceLocation.None,
                $"{deployed.Name} only takes migrations tested on {testedOn} (RequireTestedOn), but {why}. Set it so the evidence can be checked"
                + (skip
                    ? $"; continuing because {PublicSurface.SkipStagingCheckProperty}=true."
                    : $", or pass {PublicSurface.PropertySwitch(PublicSurface.SkipStagingCheckProperty, "true")} to deploy without it (recorded in history)."),
                skip ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error));
            return skip ? new EvidenceRequirement(TestEvidence.From(testedOn, []), true, command, RequiresApplicationTests(sequence)) : null;
        }

        sequence.Log.Important($"Checking test evidence on {sourceTarget.Describe().Replace("Environment: ", string.Empty, StringComparison.Ordinal)}");
        var sourceContext = sequence.CreateContext(sourceTarget);
        if (sourceContext is null)
        {
            return null;
        }

        TestEvidence? evidence = null;
        var read = await sequence.GuardAsync(sourceTarget, async () =>
        {
            evidence = await TestEvidence.ReadAsync(sourceContext, sequence.CancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return read ? new EvidenceRequirement(evidence!, skip, command, RequiresApplicationTests(sequence)) : null;
    }

    /// <summary>With MigrationsStagingTestCommand configured, a test counts only with passing application tests.</summary>
    private static bool RequiresApplicationTests(OperationSequence sequence) => !string.IsNullOrWhiteSpace(sequence.Raw.StagingTestCommand);
}
