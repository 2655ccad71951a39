using System.Globalization;
using System.Text;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Runbooks;

/// <summary>
/// The markdown of a rollback runbook: what the deploy applied, the exact commands that undo it (newest first) with
/// what each would destroy now, and how to restore the backup taken before it. Pure text from a <see cref="Runbook"/>.
/// </summary>
internal static class RunbookWriter
{
    /// <summary><c>Production_20261130T142005Z_20250210000000.md</c>: sorts by time, names the first migration.</summary>
    public static string FileName(string environment, DateTimeOffset writtenAt, string firstVersion) =>
        $"{environment}_{writtenAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}_{firstVersion}.md";

    /// <summary>The exact command that rolls back <paramref name="migrationId"/> on the runbook's environment.</summary>
    public static string RollbackCommand(Runbook runbook, string migrationId) => RollbackCommand(runbook.Settings, runbook.Environment, migrationId);

    /// <summary>The exact command that rolls back <paramref name="migrationId"/> on <paramref name="environment"/>.</summary>
    public static string RollbackCommand(RunbookSettings settings, string environment, string migrationId) =>
        $"{settings.ConfirmVariable}=true "
        + PublicSurface.Command(settings.ProjectPath, MigrationOperation.Rollback, (PublicSurface.EnvironmentProperty, environment), (PublicSurface.MigrationProperty, migrationId));

    /// <summary>The rollback commands of the applied migrations, newest first: the order they must run in.</summary>
    public static IReadOnlyList<string> RollbackCommands(Runbook runbook) =>
        runbook.Migrations.Where(migration => migration.State == RunbookMigrationState.Applied && migration.RollbackChecksum is not null)
            .Reverse()
            .Select(migration => RollbackCommand(runbook, migration.Id))
            .ToList();

    /// <summary>Restores a built-in <c>pg_dump -Fc</c> backup; all or nothing, stopping at the first error.</summary>
    public static string RestoreCommand(string urlVariable, string backupPath) =>
        $"pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --dbname=\"${urlVariable}\" {ShellQuote(backupPath)}";

    public static string Render(Runbook runbook)
    {
        var text = new StringBuilder();
        var written = runbook.WrittenAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        text.AppendLine(CultureInfo.InvariantCulture, $"# Rollback runbook: DeployMigration to {runbook.Environment}, {written}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Database: host {runbook.HostAndPort}, database {runbook.Database} (the URL, with its password, is in `${runbook.Settings.UrlVariable}`; it is not written here)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Deployed by: database user {runbook.DatabaseUser} from client host {runbook.ClientHost}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Written: {written}, right after the deploy");
        text.AppendLine();
        WriteMigrations(text, runbook);
        WriteRollback(text, runbook);
        WriteRestore(text, runbook);
        text.AppendLine("## More");
        text.AppendLine();
        text.AppendLine("See the README's \"Rollback runbook\" section and docs/diagnostics.md (MIG1011 explains the data-loss guard, MIG1010 the backup).");
        return text.ToString();
    }

    private static void WriteMigrations(StringBuilder text, Runbook runbook)
    {
        text.AppendLine("## What this deploy did");
        text.AppendLine();
        text.AppendLine("| Migration | State | Forward checksum | Rollback checksum (recorded at deploy) |");
        text.AppendLine("|---|---|---|---|");
        foreach (var migration in runbook.Migrations)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {migration.Id} | {StateText(migration.State)} | {migration.ForwardChecksum ?? "—"} | {migration.RollbackChecksum ?? "none (irreversible)"} |");
        }

        text.AppendLine();
    }

    private static void WriteRollback(StringBuilder text, Runbook runbook)
    {
        text.AppendLine("## Roll back (newest first)");
        text.AppendLine();
        var applied = runbook.Migrations.Where(migration => migration.State is RunbookMigrationState.Applied or RunbookMigrationState.Partial).Reverse().ToList();
        if (applied.Count == 0)
        {
            text.AppendLine("Nothing of this deploy is applied, so there is nothing to roll back.");
            text.AppendLine();
            return;
        }

        text.AppendLine("Run these in this order; each rolls back one migration with the rollback text recorded at deploy (its checksum is above).");
        text.AppendLine();
        var step = 0;
        foreach (var migration in applied)
        {
            step++;
            if (migration.State == RunbookMigrationState.Partial)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{step}. `{migration.Id}` is partial: some of its statements ran. Check which, undo them by hand, then record it with `{PublicSurface.Command(runbook.Settings.ProjectPath, MigrationOperation.Resolve, (PublicSurface.EnvironmentProperty, runbook.Environment), (PublicSurface.MigrationProperty, migration.Id), (PublicSurface.ResolveAsProperty, "rolled_back"), (PublicSurface.ResolveReasonProperty, "<what you did>"))}`.");
                continue;
            }

            if (migration.RollbackChecksum is null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{step}. `{migration.Id}` is irreversible (it has no rollback): restore the backup below instead.");
                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"{step}. `{migration.Id}` — data loss: {LossText(migration)}");
            text.AppendLine();
            text.AppendLine("   ```sh");
            var command = RollbackCommand(runbook, migration.Id);
            text.AppendLine(CultureInfo.InvariantCulture, $"   {command}");
            text.AppendLine("   ```");
            if (migration.RollbackLoss?.DestroysData == true)
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"   The data-loss guard (MIG1011) refuses it as it is; once the loss is accepted, add {PublicSurface.PropertySwitch(PublicSurface.AllowDataLossProperty, "true")}.");
            }
        }

        text.AppendLine();
    }

    private static void WriteRestore(StringBuilder text, Runbook runbook)
    {
        text.AppendLine("## Restore from backup");
        text.AppendLine();
        if (runbook.BackupPath is null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"No backup: Backup is not set for this environment. Declare it with Backup=\"true\" (`<MigrationEnvironment Include=\"{runbook.Environment}\" … Backup=\"true\" />`) to back up before every deploy and rollback.");
            text.AppendLine();
            return;
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Backup taken before this deploy: `{runbook.BackupPath}`");
        text.AppendLine();
        if (!runbook.BackupIsBuiltIn)
        {
            text.AppendLine($"It was taken by {PublicSurface.BackupCommandProperty}, so restoring it is your team's own procedure for that backup.");
            text.AppendLine();
            return;
        }

        text.AppendLine("A last resort when rolling back is not possible. Check it first with `dotnet msbuild -t:VerifyBackup "
            + PublicSurface.PropertySwitch(PublicSurface.BackupFileProperty, runbook.BackupPath) + "`, then restore it:");
        text.AppendLine();
        text.AppendLine("```sh");
        text.AppendLine(RestoreCommand(runbook.Settings.UrlVariable, runbook.BackupPath));
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("This drops and recreates the objects the backup holds, with their data as it was before the deploy, in one transaction. "
            + "Objects this deploy created are not in the backup and stay, so roll back first where you can. Writes made since the deploy are lost.");
        text.AppendLine();
    }

    private static string LossText(RunbookMigration migration) => migration switch
    {
        { AssessmentProblem: { } problem } => $"could not be checked ({problem}); the rollback's own data-loss check will run before it changes anything.",
        { RollbackLoss: { DestroysData: true } loss } => $"rolling it back now would destroy {loss.DescribeLosses()}.",
        _ => "rolling it back now destroys no data.",
    };

    private static string StateText(RunbookMigrationState state) => state switch
    {
        RunbookMigrationState.Applied => "applied",
        RunbookMigrationState.Failed => "failed; its transaction rolled back, nothing of it is applied",
        RunbookMigrationState.Partial => "partial; failed part way outside a transaction",
        _ => "not attempted",
    };

    /// <summary>Single quotes for a POSIX shell, so a path with spaces pastes as one argument.</summary>
    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
