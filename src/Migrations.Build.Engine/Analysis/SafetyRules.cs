using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// The MIG03xx diagnostics of one file: each method decides whether one statement (or ALTER TABLE sub-action) breaks
/// its rule and reports it with a message that says what is wrong, what it does to a live database, and the safe rewrite.
/// </summary>
internal sealed class SafetyRules(string filePath, List<Diagnostic> diagnostics)
{
    private const string NoTransactionAdvice = "move it to a migration of its own whose first line is -- migrations:no-transaction";

    /// <summary>MIG0301: statements PostgreSQL refuses inside a transaction block ("cannot run inside a transaction block").</summary>
    public void ReportNonTransactional(ClassifiedStatement statement)
    {
        var sql = statement.Statement;
        if (statement is { IsConcurrently: true, ConcurrentlyToken: { } concurrently }
            && statement.Action is StatementAction.Create or StatementAction.Drop or StatementAction.Reindex)
        {
            var what = statement.Action switch
            {
                StatementAction.Create => "CREATE INDEX CONCURRENTLY",
                StatementAction.Drop => "DROP INDEX CONCURRENTLY",
                _ => "REINDEX CONCURRENTLY",
            };
            Report(DiagnosticCatalog.NonTransactionalStatement, concurrently,
                $"{what} cannot run inside a transaction block, and this migration runs in one, so it fails on deploy; {NoTransactionAdvice}.");
            return;
        }

        // ALTER TYPE … ADD VALUE is allowed in a transaction since PostgreSQL 12, so it is not reported.
        string? statementName = statement.ObjectKind == ObjectKind.Database && statement.Action is StatementAction.Create or StatementAction.Drop
            ? $"{sql.FirstKeyword} DATABASE"
            : sql.FirstKeyword == "VACUUM" ? "VACUUM"
            : sql.StartsWithKeywords("ALTER", "SYSTEM") ? "ALTER SYSTEM"
            : sql.StartsWithKeywords("CREATE", "TABLESPACE") || sql.StartsWithKeywords("DROP", "TABLESPACE") ? $"{sql.FirstKeyword} TABLESPACE"
            : null;
        if (statementName is not null)
        {
            Report(DiagnosticCatalog.NonTransactionalStatement, sql,
                $"{statementName} cannot run inside a transaction block, and this migration runs in one, so it fails on deploy; {NoTransactionAdvice}.");
        }
    }

    /// <summary>MIG0302: statements that end (or start) the transaction the tool owns. SAVEPOINT, RELEASE and ROLLBACK TO stay within it.</summary>
    public void ReportTransactionControl(ClassifiedStatement statement)
    {
        var sql = statement.Statement;
        if (statement.Action != StatementAction.TransactionControl
            || sql.FirstKeyword is "SAVEPOINT" or "RELEASE"
            || sql.StartsWithKeywords("ROLLBACK", "TO"))
        {
            return;
        }

        var words = sql.LeadingKeywords;
        var what = words.Count > 1 && words[1] is "TRANSACTION" or "PREPARED" ? $"{words[0]} {words[1]}" : sql.FirstKeyword;
        Report(DiagnosticCatalog.TransactionControlStatement, sql,
            $"{what} controls the transaction the tool runs this migration in, so statements after it run outside it and a failure leaves the migration half-applied and unrecorded; remove it (the tool already wraps the file in one transaction, or runs it statement by statement with -- migrations:no-transaction).");
    }

    /// <summary>MIG0303.</summary>
    public void ReportIndexWithoutConcurrently(ClassifiedStatement statement, QualifiedName table) =>
        Report(DiagnosticCatalog.IndexWithoutConcurrently, statement.Statement,
            $"CREATE INDEX on existing table {table} without CONCURRENTLY blocks every write to the table (SHARE lock) until the whole index is built; use CREATE INDEX CONCURRENTLY in a migration of its own whose first line is -- migrations:no-transaction.");

    /// <summary>MIG0306 for DROP TABLE.</summary>
    public void ReportDroppedTables(ClassifiedStatement statement, IReadOnlyList<QualifiedName> tables)
    {
        var names = string.Join(", ", tables);
        var what = tables.Count == 1 ? $"DROP TABLE {names} destroys the table and its data" : $"DROP TABLE {names} destroys the tables and their data";
        Report(DiagnosticCatalog.DestructiveChange, statement.Statement,
            $"{what}, and the application version still running fails as soon as it queries it; first release code that no longer uses it, then drop it in a later migration (and say so with -- migrations:disable MIG0306 <reason>).");
    }

    /// <summary>MIG0304, MIG0306 (DROP COLUMN), MIG0307 and MIG0310 for one sub-action on an existing table.</summary>
    public void ReportAlterTableAction(QualifiedName table, AlterTableAction action)
    {
        var column = $"{table}.{AsSql(action.ColumnName)}";
        switch (action)
        {
            case { Kind: AlterTableActionKind.AddColumn, IsNotNull: true, HasDefault: false }:
                Report(DiagnosticCatalog.NotNullColumnWithoutDefault, action.Token,
                    $"Column {column} is added NOT NULL without a default, which fails as soon as {table} has a row; give it a DEFAULT (a constant default adds no rewrite on PostgreSQL 11+), or add it nullable, backfill it, and set NOT NULL in a later migration.");
                break;

            case { Kind: AlterTableActionKind.DropColumn }:
                Report(DiagnosticCatalog.DestructiveChange, action.Token,
                    $"DROP COLUMN {column} destroys its data, and the application version still running fails as soon as it reads or writes the column; first release code that no longer uses it, then drop it in a later migration (and say so with -- migrations:disable MIG0306 <reason>).");
                break;

            case { Kind: AlterTableActionKind.AddConstraint, ConstraintKind: ConstraintKind.ForeignKey or ConstraintKind.Check, IsNotValid: false }:
                var kind = action.ConstraintKind == ConstraintKind.ForeignKey ? "FOREIGN KEY" : "CHECK";
                var constraint = action.ConstraintName is null ? $"a {kind} constraint" : $"{kind} constraint {AsSql(action.ConstraintName)}";
                var validate = action.ConstraintName is null ? "<name> (so name it)" : AsSql(action.ConstraintName);
                Report(DiagnosticCatalog.ConstraintWithoutNotValid, action.Token,
                    $"Adding {constraint} to existing table {table} without NOT VALID scans every row while writes to the table are blocked; add it NOT VALID, then run ALTER TABLE {table} VALIDATE CONSTRAINT {validate} in a later migration (it takes a lock that lets writes continue).");
                break;

            case { Kind: AlterTableActionKind.RenameTable }:
                Report(DiagnosticCatalog.TableOrColumnRenamed, action.Token,
                    $"Renaming table {table} to {AsSql(action.NewName)} breaks every query of the application version still running, which uses the old name; create the new name alongside (e.g. a view with the old name) until no running code uses the old one.");
                break;

            case { Kind: AlterTableActionKind.RenameColumn }:
                Report(DiagnosticCatalog.TableOrColumnRenamed, action.Token,
                    $"Renaming column {column} to {AsSql(action.NewName)} breaks every query of the application version still running, which uses the old name; add the new column, write both and backfill, move the code over, then drop the old column in a later migration.");
                break;
        }
    }

    /// <summary>
    /// MIG0305 for ALTER … TYPE on an existing table, unless <paramref name="currentType"/> (the column's type when this
    /// file set it earlier, else null) shows a change PostgreSQL makes without a rewrite.
    /// </summary>
    public void ReportColumnTypeChange(QualifiedName table, AlterTableAction action, ColumnType? currentType)
    {
        var newType = action.ColumnType;
        if (!action.ConvertsValues && currentType is not null && newType is not null && ColumnTypeChange.IsWithoutRewrite(currentType, newType))
        {
            return;
        }

        var column = $"{table}.{AsSql(action.ColumnName)}";
        var rewrite = $"Changing the type of {column} rewrites {table} and rebuilds its indexes under an ACCESS EXCLUSIVE lock (no reads or writes meanwhile)";
        var why = action.ConvertsValues ? " (USING or COLLATE converts or re-sorts every value)"
            : currentType is not null || newType is null ? string.Empty
            // The type an earlier migration gave the column is not in this file: varchar(n) to text is free, int to text is not.
            : $" unless its current type, which this migration does not show, converts to {newType} without a rewrite (a varchar or text to text, a shorter varchar or numeric to an unconstrained one, a length limit raised); if it does, say so with -- migrations:disable MIG0305 <reason>";
        Report(DiagnosticCatalog.ColumnTypeChange, action.Token,
            $"{rewrite}{why}; add a column of the new type, backfill it in batches, and switch the code over instead.");
    }

    /// <summary>MIG0308.</summary>
    public void ReportMixedChanges(ClassifiedStatement statement)
    {
        var what = statement.Statement.FirstKeyword == "WITH" ? statement.Action.ToString().ToUpperInvariant() : statement.Statement.FirstKeyword;
        var target = statement.Name is null ? string.Empty : $" on {statement.Name}";
        Report(DiagnosticCatalog.SchemaAndDataChangesMixed, statement.Statement,
            $"{what}{target} changes data in a migration that also changes the schema, so the schema change's locks are held until the data change finishes and a failing data change rolls the schema change back with it; move the data change to a migration of its own.");
    }

    /// <summary>MIG0309.</summary>
    public void ReportTableWithoutRowLevelSecurity(ClassifiedStatement statement, QualifiedName table)
    {
        var schema = table.Schema ?? QualifiedName.DefaultSchema;
        Report(DiagnosticCatalog.TableWithoutRowLevelSecurity, statement.Statement,
            $"Table {table} is created in the exposed schema {schema} without row level security, so API roles granted access to the schema (Supabase's anon and authenticated) can read and change every row; add ALTER TABLE {table} ENABLE ROW LEVEL SECURITY and its policies in this migration.");
    }

    /// <summary>An identifier as SQL writes it (quoted when it needs to be); "?" when the statement left it out.</summary>
    private static string AsSql(string? identifier) => identifier is null ? "?" : new QualifiedName(null, identifier).ToString();

    private void Report(DiagnosticDescriptor descriptor, SqlStatement statement, string message) =>
        diagnostics.Add(new Diagnostic(descriptor, new SourceLocation(filePath, statement.Line, statement.Column), message));

    private void Report(DiagnosticDescriptor descriptor, SqlToken token, string message) =>
        diagnostics.Add(new Diagnostic(descriptor, new SourceLocation(filePath, token.Line, token.Column), message));
}
