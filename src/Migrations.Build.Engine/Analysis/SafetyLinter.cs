using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// The transaction and locking rules (MIG0301–MIG0310): statements that fail inside the transaction the tool wraps a
/// migration in, and forward changes that lock, rewrite or break a live database. MIG0301 and MIG0302 apply to rollbacks
/// too (they fail the same way); the rest only to forwards, since a rollback's job is to undo, often destructively.
/// Changes to a table (or materialized view) created earlier in the same migration are not reported: nobody can be
/// using it yet.
/// <c>-- migrations:disable</c> is applied by <see cref="MigrationValidator"/>, not here.
/// </summary>
internal static class SafetyLinter
{
    public static IReadOnlyList<Diagnostic> Check(MigrationFile file, SafetyLintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var script = file.ParseScript();
        return script is null ? [] : Check(file, script, options);
    }

    /// <summary>Checks <paramref name="file"/> with its script already parsed, so the validator lexes each file once.</summary>
    public static IReadOnlyList<Diagnostic> Check(MigrationFile file, SqlScript script, SafetyLintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Check(file, new ClassifiedScript(script), options ?? SafetyLintOptions.Default);
    }

    /// <summary>Checks <paramref name="file"/> with its statements already classified, as the rollback analysis reads them too.</summary>
    internal static List<Diagnostic> Check(MigrationFile file, ClassifiedScript classified, SafetyLintOptions options)
    {
        var diagnostics = new List<Diagnostic>();
        var statements = classified.Statements;
        var rules = new SafetyRules(file.Path, diagnostics);
        var runsInTransaction = !classified.Script.HasFileDirective(SqlDirectiveKind.NoTransaction);
        foreach (var statement in statements)
        {
            if (runsInTransaction)
            {
                rules.ReportNonTransactional(statement);
            }

            rules.ReportTransactionControl(statement);
        }

        if (file.Role == MigrationRole.Forward)
        {
            ReportForwardRules(rules, statements, options);
        }

        diagnostics.Sort(DiagnosticOrder.Compare);
        return diagnostics;
    }

    private static void ReportForwardRules(SafetyRules rules, IReadOnlyList<ClassifiedStatement> statements, SafetyLintOptions options)
    {
        var createdTables = new HashSet<(string Schema, string Name)>();
        var columnTypes = new KnownColumnTypes();
        bool IsNew(QualifiedName? table) => table is not null && createdTables.Contains(Key(table));

        foreach (var statement in statements)
        {
            switch (statement)
            {
                case { Action: StatementAction.Create, ObjectKind: ObjectKind.Table or ObjectKind.MaterializedView, Name: { } created }:
                    createdTables.Add(Key(created));
                    break;

                case { Action: StatementAction.Create, ObjectKind: ObjectKind.Index, IsConcurrently: false, Table: { } indexed } when !IsNew(indexed):
                    rules.ReportIndexWithoutConcurrently(statement, indexed);
                    break;

                case { Action: StatementAction.Drop, ObjectKind: ObjectKind.Table }:
                    var dropped = statement.Names.Where(name => !IsNew(name)).ToList();
                    if (dropped.Count > 0)
                    {
                        rules.ReportDroppedTables(statement, dropped);
                    }

                    break;

                case { Action: StatementAction.Alter, ObjectKind: ObjectKind.Table, Name: { } altered } when !IsNew(altered):
                    foreach (var action in statement.AlterTableActions)
                    {
                        if (action.Kind == AlterTableActionKind.AlterColumnType)
                        {
                            rules.ReportColumnTypeChange(altered, action, columnTypes.Find(altered, action.ColumnName));
                        }
                        else
                        {
                            rules.ReportAlterTableAction(altered, action);
                        }

                        columnTypes.Record(altered, action);
                    }

                    break;
            }
        }

        ReportMixedChanges(rules, statements);
        ReportTablesWithoutRowLevelSecurity(rules, statements, options.ExposedSchemas);
    }

    /// <summary>MIG0308, once, at the first data change that touches a table this migration did not create.</summary>
    private static void ReportMixedChanges(SafetyRules rules, IReadOnlyList<ClassifiedStatement> statements)
    {
        if (!statements.Any(statement => statement.IsSchemaChange))
        {
            return;
        }

        var createdTables = new HashSet<(string Schema, string Name)>();
        foreach (var statement in statements)
        {
            if (statement is { Action: StatementAction.Create, ObjectKind: ObjectKind.Table, Name: { } created })
            {
                createdTables.Add(Key(created));
            }
            else if (statement.IsDataChange
                && !(statement.Name is { } target && createdTables.Contains(Key(target))))
            {
                // Seeding a table created just above locks nothing anyone else uses, so it is not reported.
                rules.ReportMixedChanges(statement);
                return;
            }
        }
    }

    /// <summary>
    /// MIG0309: each table created in an exposed schema that no later statement enables RLS on. An unqualified name
    /// lands in public unless the file set search_path to something else first. No schema is exposed unless the
    /// project says so: a table is only open to the world where an API serves its schema.
    /// </summary>
    private static void ReportTablesWithoutRowLevelSecurity(SafetyRules rules, IReadOnlyList<ClassifiedStatement> statements, IReadOnlyList<string> exposedSchemas)
    {
        if (exposedSchemas.Count == 0)
        {
            return;
        }

        // Where each table last gets RLS enabled, so "enabled later" is a lookup, not a scan of the rest of the file.
        var lastEnabled = new Dictionary<(string Schema, string Name), int>();
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i] is { Action: StatementAction.Alter, ObjectKind: ObjectKind.Table, Name: { } altered }
                && statements[i].AlterTableActions.Any(action => action.Kind == AlterTableActionKind.EnableRls))
            {
                lastEnabled[Key(altered)] = i;
            }
        }

        string? unqualifiedSchema = QualifiedName.DefaultSchema;
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i].SearchPath is { } searchPath)
            {
                // The $user schema rarely exists, so names go to the next entry; with no entry at all CREATE fails anyway.
                unqualifiedSchema = searchPath.FirstOrDefault(schema => schema != "$user");
            }

            if (statements[i] is not { Action: StatementAction.Create, ObjectKind: ObjectKind.Table, IsTemporary: false, Name: { } table }
                || (table.Schema ?? unqualifiedSchema) is not { } schema
                || !exposedSchemas.Contains(schema, StringComparer.Ordinal))
            {
                continue;
            }

            var enabledLater = lastEnabled.TryGetValue(Key(table), out var enabledAt) && enabledAt > i;
            if (!enabledLater)
            {
                rules.ReportTableWithoutRowLevelSecurity(statements[i], table);
            }
        }
    }

    /// <summary>What <see cref="QualifiedName.DenotesSameObjectAs"/> compares, as a key for sets and dictionaries.</summary>
    private static (string Schema, string Name) Key(QualifiedName name) => (name.Schema ?? QualifiedName.DefaultSchema, name.Name);
}
