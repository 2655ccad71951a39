namespace Migrations.Build.Engine.Backups;

/// <summary>
/// How a backup ended. <paramref name="Location"/> is what the history row records (the file, or the command when it
/// writes no file); <paramref name="Failure"/> says why the backup cannot be trusted, and is null when it can.
/// </summary>
internal sealed record BackupOutcome(string Location, string? Failure, string? Summary)
{
    public bool Succeeded => Failure is null;

    public static BackupOutcome Taken(string location, string summary) => new(location, null, summary);

    public static BackupOutcome Failed(string location, string failure) => new(location, failure, null);
}
