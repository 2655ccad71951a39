namespace Migrations.Build.Engine.Drift;

/// <summary>
/// The replay cannot reproduce what the live database's migrations built (MIG1041): a recorded forward fails on the
/// throwaway database, or it cannot run as the role that ran it live. The message completes "cannot be replayed: …".
/// </summary>
internal sealed class HistoryReplayException(string message) : Exception(message);
