namespace Migrations.Build.Engine.Database;

/// <summary>
/// A session holding a lock our statement waits for, as pg_stat_activity describes it. Process id 0 is how
/// pg_blocking_pids names a prepared transaction, which has no session left to look at.
/// </summary>
internal sealed record BlockingSession(int ProcessId, string? ApplicationName, string? User, string? State, TimeSpan? TransactionAge, string? Query)
{
    /// <summary>How much of the blocker's query a log line shows.</summary>
    public const int QueryLength = 200;

    /// <summary>What pg_stat_activity shows in place of another role's query to a role without pg_read_all_stats.</summary>
    private const string HiddenQuery = "<insufficient privilege>";

    public override string ToString()
    {
        if (ProcessId == 0)
        {
            return "a prepared transaction (pid 0): find it in pg_prepared_xacts and COMMIT PREPARED or ROLLBACK PREPARED it";
        }

        var application = string.IsNullOrEmpty(ApplicationName) ? "an unnamed application" : $"application '{ApplicationName}'";
        var who = $"pid {ProcessId}, {application}, user {User ?? "unknown"}";
        if (State is null && Query == HiddenQuery)
        {
            return $"{who}; its state and query are hidden from this role (grant it pg_read_all_stats to see them)";
        }

        var age = TransactionAge is { } open ? $", transaction open {ElapsedText.Format(open)}" : string.Empty;
        // An idle session's query column holds what it ran last, not what it is running.
        var label = State == "active" ? "query" : "last query";
        return $"{who}, {State ?? "state unknown"}{age}, {label}: {QueryText.Shorten(Query, QueryLength)}";
    }
}
