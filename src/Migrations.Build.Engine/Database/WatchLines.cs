namespace Migrations.Build.Engine.Database;

/// <summary>
/// What a watch says about one running statement after each look: a lock wait when the look found one (again when
/// the wait changes, and every <see cref="LockWatch.RepeatInterval"/> while it lasts), else "still running" at the
/// first look and every <see cref="LockWatch.RepeatInterval"/> after the last line, so a long statement is heard
/// from as it runs. One instance per statement: its memory of the last line is that statement's.
/// </summary>
internal sealed class WatchLines(string location, Func<TimeSpan, string> stillRunning, string lockTimeout)
{
    private string? _lastWait;
    private TimeSpan? _lastSaidAt;

    /// <summary>The statement, as <c>file(line,col)</c>.</summary>
    public string Location { get; } = location;

    /// <summary>
    /// The line to say after a look at a statement running for <paramref name="running"/>, or null. <paramref name="look"/>
    /// is null when there was no look (the watch has no connection): then only "still running" can be said, which needs
    /// no database.
    /// </summary>
    public string? Decide(TimeSpan running, (LockRequest? Request, IReadOnlyList<BlockingSession> Blockers)? look)
    {
        string? line = null;
        if (look is { } seen)
        {
            var key = seen.Blockers.Count == 0 ? null : $"{seen.Request}|{string.Join(',', seen.Blockers.Select(blocker => blocker.ProcessId))}";
            if (key is not null && (key != _lastWait || running - _lastSaidAt >= LockWatch.RepeatInterval))
            {
                line = LockWatch.Describe(Location, running, seen.Request, seen.Blockers, lockTimeout);
            }

            _lastWait = key;
        }
        else
        {
            _lastWait = null;
        }

        // A lock wait has its own line (and its own repeat); otherwise the statement is just taking its time.
        if (line is null && _lastWait is null && (_lastSaidAt is null || running - _lastSaidAt >= LockWatch.RepeatInterval))
        {
            line = stillRunning(running);
        }

        return line;
    }

    /// <summary>Call when the line <see cref="Decide"/> gave was said.</summary>
    public void Said(TimeSpan running) => _lastSaidAt = running;
}
