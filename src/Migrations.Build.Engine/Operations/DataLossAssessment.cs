using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Npgsql;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Reads, from the live database, what the destructive statements of some migration files would destroy if they ran
/// now, in the order given. The reads run in a read-only transaction under the operation's lock and statement timeouts,
/// so the check changes nothing and never waits long behind another session's lock; a count that cannot be taken is
/// reported as unknown instead of failing the operation.
/// </summary>
/// <remarks>
/// An object the files create before dropping it does not exist yet, so it is found holding nothing; one a file
/// empties or drops is counted once, however often later statements (or files) drop it again. A rollback dropping
/// what its forward created does find that object, with whatever rows were written since the deploy: that is data loss.
/// </remarks>
internal static class DataLossAssessment
{
    /// <summary>
    /// Tables up to this many rows are counted exactly (reading at most one row more); bigger ones are judged from the
    /// catalog's statistics, so the check takes milliseconds, not minutes, on a huge table.
    /// </summary>
    public const long DefaultExactCountLimit = 100_000;

    public static async Task<DataLossVerdict> AssessAsync(
        NpgsqlConnection connection,
        IReadOnlyList<(string MigrationId, MigrationScript Script)> files,
        ExecutionSettings limits,
        CancellationToken cancellationToken,
        long exactCountLimit = DefaultExactCountLimit)
    {
        var changesByFile = files
            .Select(file => (file.MigrationId, file.Script, Changes: DestructiveChangeReader.Read(new ClassifiedScript(file.Script.Sql))))
            .Where(file => file.Changes.Count > 0)
            .ToList();
        if (changesByFile.Count == 0)
        {
            return DataLossVerdict.None;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var readOnly = new NpgsqlCommand("set transaction read only", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (await MigrationExecutor.ApplyLimitsAsync(connection, transaction, limits, cancellationToken).ConfigureAwait(false) is { } lost)
        {
            throw lost;
        }

        var counter = new Counter(connection, transaction, new DataLossQueries(connection, transaction), exactCountLimit, cancellationToken);
        var findings = new List<DataLossFinding>();
        foreach (var (migrationId, script, changes) in changesByFile)
        {
            var objects = new List<LostData>();
            SqlStatementLocation? first = null, firstLoss = null;
            foreach (var change in changes)
            {
                var found = await counter.AssessAsync(change).ConfigureAwait(false);
                objects.AddRange(found);
                first ??= found.Count > 0 ? new SqlStatementLocation(change.Statement.Line, change.Statement.Column) : null;
                firstLoss ??= found.Any(item => item.Count.MayHoldData) ? new SqlStatementLocation(change.Statement.Line, change.Statement.Column) : null;
            }

            if ((firstLoss ?? first) is { } at)
            {
                findings.Add(new DataLossFinding(migrationId, new SourceLocation(script.FilePath, at.Line, at.Column), objects));
            }
        }

        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        return new DataLossVerdict(findings);
    }

    private readonly record struct SqlStatementLocation(int Line, int Column);

    /// <summary>Resolves each change to live objects and counts what they hold, remembering what is already destroyed.</summary>
    private sealed class Counter(NpgsqlConnection connection, NpgsqlTransaction transaction, DataLossQueries queries, long exactCountLimit, CancellationToken cancellationToken)
    {
        private readonly HashSet<uint> destroyedTables = [];
        private readonly HashSet<(uint Table, string Column)> droppedColumns = [];
        private int savepoints;

        public async Task<IReadOnlyList<LostData>> AssessAsync(DestructiveChange change)
        {
            var found = new List<LostData>();
            var line = change.Statement.Line;
            switch (change.Kind)
            {
                case DestructiveChangeKind.DropTable or DestructiveChangeKind.Truncate:
                    await AddTableChangeAsync(found, change, line).ConfigureAwait(false);
                    break;
                case DestructiveChangeKind.DropColumn:
                    if (await queries.FindTableAsync(change.Name.Schema, change.Name.Name, change.SearchPath, cancellationToken).ConfigureAwait(false) is { } altered
                        && await queries.HasColumnAsync(altered, change.Column!, cancellationToken).ConfigureAwait(false))
                    {
                        await AddColumnAsync(found, altered, change.Column!, null, line).ConfigureAwait(false);
                    }

                    break;
                case DestructiveChangeKind.DropSchemaCascade:
                    await AddSchemaAsync(found, change.Name.Name, line).ConfigureAwait(false);
                    break;
                case DestructiveChangeKind.DropTypeCascade:
                    if (await queries.FindTypeAsync(change.Name.Schema, change.Name.Name, change.SearchPath, cancellationToken).ConfigureAwait(false) is var (oid, display))
                    {
                        foreach (var (table, column, type) in await queries.ColumnsOfTypesAsync([oid], null, cancellationToken).ConfigureAwait(false))
                        {
                            await AddColumnAsync(found, table, column, $"of type {type}, dropped with {display}", line).ConfigureAwait(false);
                        }
                    }

                    break;
            }

            return found;
        }

        /// <summary>DROP TABLE or TRUNCATE of one table; TRUNCATE … CASCADE also empties the tables referencing it.</summary>
        private async Task AddTableChangeAsync(List<LostData> found, DestructiveChange change, int line)
        {
            if (await queries.FindTableAsync(change.Name.Schema, change.Name.Name, change.SearchPath, cancellationToken).ConfigureAwait(false) is not { } table)
            {
                return;
            }

            await AddTableAsync(found, table, null, line).ConfigureAwait(false);
            if (change is { Kind: DestructiveChangeKind.Truncate, IsCascade: true })
            {
                foreach (var referencing in await queries.ReferencingTablesAsync(table, cancellationToken).ConfigureAwait(false))
                {
                    await AddTableAsync(found, referencing, $"TRUNCATE … CASCADE reaches it through its foreign key to {table.Display}", line).ConfigureAwait(false);
                }
            }
        }

        /// <summary>DROP SCHEMA … CASCADE: its tables, and the columns elsewhere whose types it defines.</summary>
        private async Task AddSchemaAsync(List<LostData> found, string name, int line)
        {
            if (await queries.FindSchemaAsync(name, cancellationToken).ConfigureAwait(false) is not { } schema)
            {
                return;
            }

            var schemaName = new QualifiedName(null, name).ToString();
            foreach (var table in await queries.TablesInSchemaAsync(schema, cancellationToken).ConfigureAwait(false))
            {
                await AddTableAsync(found, table, $"in schema {schemaName}", line).ConfigureAwait(false);
            }

            var types = await queries.TypesInSchemaAsync(schema, cancellationToken).ConfigureAwait(false);
            foreach (var (table, column, type) in await queries.ColumnsOfTypesAsync(types, schema, cancellationToken).ConfigureAwait(false))
            {
                await AddColumnAsync(found, table, column, $"of type {type} from schema {schemaName}", line).ConfigureAwait(false);
            }
        }

        private async Task AddTableAsync(List<LostData> found, LiveTable table, string? reach, int line)
        {
            if (destroyedTables.Add(table.Oid))
            {
                found.Add(new LostData($"table {table.Display}", false, await CountAsync(() => CountRowsAsync(table)).ConfigureAwait(false), line, reach));
            }
        }

        private async Task AddColumnAsync(List<LostData> found, LiveTable table, string column, string? reach, int line)
        {
            if (!destroyedTables.Contains(table.Oid) && droppedColumns.Add((table.Oid, column)))
            {
                var display = $"column {table.Display}.{new QualifiedName(null, column)}";
                found.Add(new LostData(display, true, await CountAsync(() => CountValuesAsync(table, column)).ConfigureAwait(false), line, reach));
            }
        }

        private async Task<RowCount> CountRowsAsync(LiveTable table)
        {
            if (await queries.EstimatedRowsAsync(table, cancellationToken).ConfigureAwait(false) is { } estimate && estimate > exactCountLimit)
            {
                return new RowCount(estimate, RowCountKind.Estimate);
            }

            var rows = await queries.CountRowsAsync(table, exactCountLimit + 1, cancellationToken).ConfigureAwait(false);
            return rows > exactCountLimit ? new RowCount(rows, RowCountKind.AtLeast) : RowCount.Exact(rows);
        }

        private async Task<RowCount> CountValuesAsync(LiveTable table, string column)
        {
            var estimate = await queries.EstimatedRowsAsync(table, cancellationToken).ConfigureAwait(false);
            if (estimate is null || estimate <= exactCountLimit)
            {
                var (rows, values) = await queries.CountValuesAsync(table, column, exactCountLimit + 1, cancellationToken).ConfigureAwait(false);
                if (rows <= exactCountLimit)
                {
                    return RowCount.Exact(values);
                }

                if (values > 0)
                {
                    return new RowCount(values, RowCountKind.AtLeast);
                }

                estimate = Math.Max(estimate ?? 0, rows);
            }

            return await queries.NullFractionAsync(table, column, cancellationToken).ConfigureAwait(false) is { } nullFraction
                ? new RowCount((long)Math.Round(estimate.Value * (1 - nullFraction)), RowCountKind.Estimate)
                : new RowCount(estimate.Value, RowCountKind.AtMostEstimate);
        }

        /// <summary>
        /// Runs one count behind a savepoint: a lock or statement timeout (another session holds the table, or it is
        /// slow to read) makes that count unknown, and the check goes on with the next object.
        /// </summary>
        private async Task<RowCount> CountAsync(Func<Task<RowCount>> count)
        {
            var savepoint = "data_loss_" + (++savepoints).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await transaction.SaveAsync(savepoint, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await count().ConfigureAwait(false);
                await transaction.ReleaseAsync(savepoint, cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (PostgresException exception) when (!ConnectionLossDetector.IsLost(exception, connection))
            {
                await transaction.RollbackAsync(savepoint, cancellationToken).ConfigureAwait(false);
                return RowCount.Unknown($"{exception.MessageText} (SQLSTATE {exception.SqlState})");
            }
        }
    }
}
