using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Tasks;

/// <summary>
/// ResolveMigration: records how a partial migration was settled by hand (<c>-p:As=applied|rolled_back</c>, with
/// <c>-p:Reason=…</c>), which unblocks deploys. It picks its environment as RollbackMigration does.
/// </summary>
public sealed class ResolveMigration : DatabaseTask
{
    /// <summary><c>applied</c> or <c>rolled_back</c>.</summary>
    public string? As { get; set; }

    /// <summary>Why, recorded in history with who resolved it.</summary>
    public string? Reason { get; set; }

    protected override async Task<bool> ExecuteAsync()
    {
        if (string.IsNullOrWhiteSpace(Migration))
        {
            ReportSetting("ResolveMigration needs the migration to resolve: -p:Migration=<version_name> -p:As=applied (or rolled_back).");
            return false;
        }

        HistoryStatus resolution;
        switch ((As ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "applied":
                resolution = HistoryStatus.Succeeded;
                break;
            case "rolled_back" or "rolledback" or "rolled-back":
                resolution = HistoryStatus.RolledBack;
                break;
            default:
                ReportSetting($"As='{As}' is not a resolution; pass -p:As=applied if the migration's changes are now all in place, or -p:As=rolled_back if they are all undone.");
                return false;
        }

        if (PrepareSingleEnvironment(MigrationOperation.Rollback) is not var (pairs, environment)
            || await ConnectWithContextAsync(environment, MigrationOperation.Rollback).ConfigureAwait(false) is not var (target, context))
        {
            return false;
        }

        return await RunGuardedAsync(target, async () =>
            (await ResolveOperation.RunAsync(context, pairs, Migration, resolution, Reason, CancellationToken).ConfigureAwait(false)).Succeeded).ConfigureAwait(false);
    }
}
