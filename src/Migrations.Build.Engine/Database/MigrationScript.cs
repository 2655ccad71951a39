using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// SQL about to run against a database, and the file it is reported against. The text may come from disk or from
/// history (a rollback runs the text recorded at deploy time), so errors are located in that text.
/// </summary>
internal sealed class MigrationScript(string filePath, string text)
{
    public string FilePath { get; } = filePath;

    public string Text { get; } = text;

    public SqlScript Sql { get; } = SqlScript.Parse(text);

    public bool RunsOutsideTransaction => Sql.HasFileDirective(SqlDirectiveKind.NoTransaction);

    public int StatementCount => Sql.Statements.Count;
}
