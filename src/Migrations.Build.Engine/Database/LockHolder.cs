namespace Migrations.Build.Engine.Database;

/// <summary>The session holding the migration lock, as pg_stat_activity describes it.</summary>
internal sealed record LockHolder(int ProcessId, string? User, string? ApplicationName, string? ClientAddress, DateTimeOffset? Since)
{
    public override string ToString()
    {
        var application = string.IsNullOrEmpty(ApplicationName) ? "an unnamed application" : $"'{ApplicationName}'";
        var client = string.IsNullOrEmpty(ClientAddress) ? "a local socket" : ClientAddress;
        var since = Since is null ? "an unknown time" : Since.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        return $"pid {ProcessId}, user {User ?? "unknown"}, {application} from {client}, since {since}";
    }
}
