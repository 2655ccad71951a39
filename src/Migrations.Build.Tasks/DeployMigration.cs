using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Tasks;

/// <summary>DeployMigration: applies pending migrations (or the one named) to an environment, behind its gates.</summary>
public sealed class DeployMigration : DatabaseTask
{
    public bool AllowOutOfOrder { get; set; }

    /// <summary>MigrationsSkipStagingCheck: deploy without the RequireTestedOn evidence, loudly and on the record.</summary>
    public bool SkipStagingCheck { get; set; }

    protected override async Task<bool> ExecuteAsync()
    {
        if (PrepareSingleEnvironment(MigrationOperation.Deploy) is not var (pairs, environment)
            || await ConnectWithContextAsync(environment, MigrationOperation.Deploy).ConfigureAwait(false) is not var (target, context))
        {
            return false;
        }

        EvidenceRequirement? evidence = null;
        if (environment.RequireTestedOn is { } testedOn)
        {
            evidence = await ReadEvidenceAsync(environment, testedOn).ConfigureAwait(false);
            if (evidence is null)
            {
                return false;
            }
        }

        return await RunGuardedAsync(target, async () =>
            (await DeployOperation.RunAsync(context, pairs, Migration, AllowOutOfOrder, evidence, CancellationToken).ConfigureAwait(false)).Succeeded).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the passed tests recorded on the RequireTestedOn environment. When that environment cannot be reached or
    /// is not configured, the deploy is refused (MIG1004) unless the check is skipped, in which case nothing is proven.
    /// </summary>
    private async Task<EvidenceRequirement?> ReadEvidenceAsync(MigrationEnvironment deployed, string testedOn)
    {
        var command = $"dotnet msbuild {ProjectPath ?? "<project>"} -t:TestMigration -p:MigrationsEnvironment={testedOn}";
        var source = CreateResolver().Find(testedOn);
        if (source is null || source.IsThrowaway || !ConnectionTarget.TryCreate(source, ReadVariable, out var sourceTarget, out _))
        {
            var why = source is null
                ? $"no environment named {testedOn} is configured"
                : source.IsThrowaway ? $"{testedOn} is a throwaway database that keeps no evidence" : $"{source.UrlVariable} is not set, so its history cannot be read";
            Report(new Engine.Diagnostics.Diagnostic(
                Engine.Diagnostics.DiagnosticCatalog.NotTestedOnStaging,
                Engine.Diagnostics.SourceLocation.None,
                $"{deployed.Name} only takes migrations tested on {testedOn} (RequireTestedOn), but {why}. Set it so the evidence can be checked" + (SkipStagingCheck ? "; continuing because MigrationsSkipStagingCheck=true." : ", or pass -p:MigrationsSkipStagingCheck=true to deploy without it (recorded in history)."),
                SkipStagingCheck ? Engine.Diagnostics.DiagnosticSeverity.Warning : Engine.Diagnostics.DiagnosticSeverity.Error));
            return SkipStagingCheck ? new EvidenceRequirement(TestEvidence.From(testedOn, []), true, command) : null;
        }

        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, $"Checking test evidence on {sourceTarget.Describe().Replace("Environment: ", string.Empty, StringComparison.Ordinal)}");
        var sourceContext = CreateContext(sourceTarget);
        if (sourceContext is null)
        {
            return null;
        }

        TestEvidence? evidence = null;
        var read = await RunGuardedAsync(sourceTarget, async () =>
        {
            evidence = await TestEvidence.ReadAsync(sourceContext, CancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return read ? new EvidenceRequirement(evidence!, SkipStagingCheck, command) : null;
    }
}
