namespace Migrations.Build.Engine.Database;

/// <summary>Another session held the migration lock for longer than we were willing to wait.</summary>
internal sealed class MigrationLockBusyException(HistoryLocation location, TimeSpan waited, LockHolder? holder)
    : Exception($"Another migration holds the lock on {location} and did not release it within {waited.TotalSeconds:0.#} s; held by {holder?.ToString() ?? "a session that has since ended"}.")
{
    public LockHolder? Holder { get; } = holder;
}
