using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// The replay cannot reproduce what the live database's migrations built (MIG1041): a recorded forward fails on the
/// throwaway database, or it cannot run as the role that ran it live. The message completes "cannot be replayed: …".
/// </summary>
internal sealed class HistoryReplayException(string message, FailedReplay? failure = null) : Exception(message)
{
    /// <summary>The forward that failed and where, when a server error is the reason (not a lost connection or a role).</summary>
    public FailedReplay? Failure { get; } = failure;

    /// <summary>MIG1041 for <paramref name="environment"/>, with <paramref name="reason"/> saying why and what to do.</summary>
    public static Diagnostic Describe(string environment, string reason) =>
        new(DiagnosticCatalog.HistoryNotReplayable, SourceLocation.None, $"The migrations applied to {environment} cannot be replayed on a throwaway database, so its drift cannot be checked: {reason}");
}
