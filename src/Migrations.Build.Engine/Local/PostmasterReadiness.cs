namespace Migrations.Build.Engine.Local;

/// <summary>
/// Notices that a starting server accepts connections as soon as it says so, rather than when `pg_ctl start -w` next
/// looks: pg_ctl checks every 100 ms, while a fresh cluster is ready 15–40 ms after it starts. The server writes its
/// state on line 8 of <c>postmaster.pid</c> ("starting", then "ready"); this polls that line every 10 ms while
/// pg_ctl -w keeps running, so every failure pg_ctl detects (port taken, bad option, server exited, timeout) is still
/// reported exactly as pg_ctl reports it: whichever comes first wins.
/// </summary>
internal static class PostmasterReadiness
{
    public const string PidFileName = "postmaster.pid";

    // LOCK_FILE_LINE_PM_STATUS in PostgreSQL's pidfile.h (PostgreSQL 10 and later), 1-based.
    private const int StatusLine = 8;
    private const string ReadyStatus = "ready";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Null as soon as the server in <paramref name="dataDirectory"/> reports itself ready (<paramref name="pgCtl"/>
    /// may then still be running for up to 100 ms: the caller awaits it later); otherwise pg_ctl's own result, when it
    /// ended first, for the caller to judge as before. The data directory must be fresh: a pid file left by an earlier
    /// run could say "ready" for a server that is gone (a cluster template is never started, so a copy has none).
    /// </summary>
    public static async Task<ChildProcessResult?> WaitAsync(Task<ChildProcessResult> pgCtl, string dataDirectory, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(dataDirectory, PidFileName);
        while (!pgCtl.IsCompleted)
        {
            if (IsReady(pidFile))
            {
                return null;
            }

            await Task.WhenAny(pgCtl, Task.Delay(PollInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return await pgCtl.ConfigureAwait(false);
    }

    /// <summary>True when the pid file's status line says "ready"; a missing, unreadable or half-written file is not.</summary>
    public static bool IsReady(string pidFile)
    {
        try
        {
            // The server rewrites the file in place as it moves on; a partial read just means "not yet".
            using var stream = new FileStream(pidFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            for (var line = 1; reader.ReadLine() is { } text; line++)
            {
                if (line == StatusLine)
                {
                    return string.Equals(text.Trim(), ReadyStatus, StringComparison.Ordinal);
                }
            }

            return false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
