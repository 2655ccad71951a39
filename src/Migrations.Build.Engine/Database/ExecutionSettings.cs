namespace Migrations.Build.Engine.Database;

/// <summary>
/// Server-side limits for each migration's statements, in PostgreSQL's own interval syntax (<c>5s</c>, <c>2min</c>,
/// <c>0</c> for none). They are passed to set_config as values, never spliced into SQL.
/// </summary>
internal sealed record ExecutionSettings(string LockTimeout = Commands.OperationDefaults.LockTimeout, string StatementTimeout = Commands.OperationDefaults.StatementTimeout);
