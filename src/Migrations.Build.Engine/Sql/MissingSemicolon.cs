namespace Migrations.Build.Engine.Sql;

/// <summary>
/// A keyword that opens a new statement inside one that was never ended (MIG0109): <see cref="Keyword"/> is that
/// keyword, <see cref="OpenStatementLine"/> the line where the unended statement began.
/// </summary>
internal readonly record struct MissingSemicolon(SqlToken Keyword, int OpenStatementLine);
