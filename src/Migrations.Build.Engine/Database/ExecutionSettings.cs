using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Server-side limits for each migration's statements, in PostgreSQL's own interval syntax (<c>5s</c>, <c>2min</c>,
/// <c>0</c> for none). They are passed to set_config as values, never spliced into SQL.
/// </summary>
internal sealed record ExecutionSettings(string LockTimeout = Commands.OperationDefaults.LockTimeout, string StatementTimeout = Commands.OperationDefaults.StatementTimeout)
{
    /// <summary>
    /// Where a statement that waits on a lock or runs long is reported (<see cref="StatementWatch"/>); null runs
    /// statements unwatched. It travels with the limits because every caller of the executor already passes them.
    /// </summary>
    public IOperationLog? Log { get; init; }

    /// <summary>Two settings are equal when their limits are: where they report is not a setting.</summary>
    public bool Equals(ExecutionSettings? other) =>
        other is not null && LockTimeout == other.LockTimeout && StatementTimeout == other.StatementTimeout;

    public override int GetHashCode() => HashCode.Combine(LockTimeout, StatementTimeout);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"LockTimeout = {LockTimeout}, StatementTimeout = {StatementTimeout}");
        return true;
    }
}
