using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Migrations.Build.Engine.Supabase;

/// <summary>
/// Keeps <c>supabase_migrations.schema_migrations</c> in step with a deploy or rollback
/// (<c>MigrationsSupabaseHistory=true</c>): the row a deploy inserts and a rollback deletes, written the way the CLI
/// writes it, as one more command of the migration's own transaction (see <see cref="RecordedExecution"/>).
/// Prepared once per operation, under the migration lock, before anything runs.
/// </summary>
internal sealed class SupabaseHistoryKeeper
{
    private SupabaseHistoryKeeper(SupabaseHistory history) => History = history;

    /// <summary>The Supabase history as it was when the operation started, under the migration lock.</summary>
    public SupabaseHistory History { get; }

    private SupabaseHistoryLayout Layout => History.Layout;

    /// <summary>
    /// Reads the table and, for a deploy (<paramref name="deploying"/>), creates it as the CLI does when there is
    /// none and checks that rows can be inserted. Usable is false when the operation must not go on, after reporting
    /// MIG1060; a rollback on a database without the table gets no keeper (there is no row to remove).
    /// </summary>
    public static async Task<(bool Usable, SupabaseHistoryKeeper? Keeper)> PrepareAsync(OperationContext context, NpgsqlConnection connection, bool deploying, CancellationToken cancellationToken)
    {
        try
        {
            var history = await SupabaseHistoryReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            if (history is null && deploying)
            {
                await CreateAsync(context, connection, cancellationToken).ConfigureAwait(false);
                context.Log.Important($"Created {SupabaseHistoryTable.DisplayName} as the Supabase CLI creates it ({PublicSurface.SupabaseHistoryProperty}=true), so supabase migration list sees what this deploy applies.");
                history = await SupabaseHistoryReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            if (history is null)
            {
                context.Log.Info($"{context.EnvironmentName} has no {SupabaseHistoryTable.DisplayName}; there is no Supabase history row to remove.");
                return (true, null);
            }

            // A rollback only deletes by version, which every readable table has: only an insert needs the other columns.
            if (deploying && history.Layout.WriteProblem() is { } problem)
            {
                Refuse(context, $"{SupabaseHistoryTable.DisplayName} on {context.EnvironmentName} cannot be kept in step: {problem}. Nothing was changed. Give such a column a default or drop it, so a row written as the CLI writes it is accepted, or deploy with {PublicSurface.PropertySwitch(PublicSurface.SupabaseHistoryProperty, "false")}.");
                return (false, null);
            }

            return (true, new SupabaseHistoryKeeper(history));
        }
        catch (SupabaseHistoryLayoutException layout)
        {
            Refuse(context, layout.Message + " Nothing was changed.");
            return (false, null);
        }
        catch (PostgresException refused) when (refused.SqlState is "42501")
        {
            Refuse(context, $"{context.EnvironmentName} refused to {(deploying ? "read or create" : "read")} {SupabaseHistoryTable.DisplayName}: {refused.MessageText} (SQLSTATE {refused.SqlState}). Nothing was changed. "
                + $"Grant this role USAGE on schema {SupabaseHistoryTable.Schema} and SELECT, INSERT and DELETE on the table (CREATE on the database when it does not exist yet), or deploy with {PublicSurface.PropertySwitch(PublicSurface.SupabaseHistoryProperty, "false")}.");
            return (false, null);
        }
    }

    /// <summary>
    /// Without <c>MigrationsSupabaseHistory</c> the table is only read, so that a deploy never runs again what
    /// <c>supabase db push</c> already applied (MIG1062). Null when there is no such table, when it is not the CLI's, or
    /// when this role may not read it — then nothing is known, which MIG1064 says.
    /// </summary>
    public static async Task<SupabaseHistoryKeeper?> ReadOnlyAsync(OperationContext context, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var history = await SupabaseHistoryReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            return history is null ? null : new SupabaseHistoryKeeper(history);
        }
        catch (SupabaseHistoryLayoutException)
        {
            return null;
        }
        catch (PostgresException refused) when (refused.SqlState is "42501")
        {
            context.Log.Report(new Diagnostic(
                DiagnosticCatalog.SupabaseHistoryUnreadable,
                SourceLocation.None,
                $"{context.EnvironmentName} has {SupabaseHistoryTable.DisplayName} but refused to let this deploy read it ({refused.MessageText}, SQLSTATE {refused.SqlState}), so it cannot check that the Supabase CLI has not applied what it is about to apply. Grant this role USAGE on schema {SupabaseHistoryTable.Schema} and SELECT on the table."));
            return null;
        }
    }

    /// <summary>
    /// The command that records <paramref name="row"/>'s operation in the Supabase history: a deploy inserts
    /// (version, name, statements), a rollback deletes the version's row, as <c>supabase migration repair</c> does.
    /// </summary>
    public NpgsqlBatchCommand CommandFor(HistoryEntry row, MigrationScript script) =>
        row.Operation == MigrationOperation.Rollback ? Delete(row.Version) : Insert(row.Version, row.Name, script.Sql);

    /// <summary>
    /// What ResolveMigration changes in the Supabase history for <paramref name="row"/> (a <c>resolve</c> row): resolved
    /// as applied, the version is listed, as <c>supabase migration repair --status applied</c> would; as rolled back, it
    /// is not. Null when the table already says so.
    /// </summary>
    public NpgsqlBatchCommand? CommandForResolution(HistoryEntry row, MigrationScript forward) =>
        row.Status == HistoryStatus.Succeeded
            ? History.Lists(row.Version) ? null : Insert(row.Version, row.Name, forward.Sql)
            : History.Lists(row.Version) ? Delete(row.Version) : null;

    /// <summary>The table privilege <see cref="CommandFor"/> needs for <paramref name="operation"/>.</summary>
    public static string PrivilegeFor(MigrationOperation operation) => operation == MigrationOperation.Rollback ? "DELETE" : "INSERT";

    /// <summary>Whether this session may write the row: asked before a no-transaction script runs, since its statements cannot be undone afterwards.</summary>
    public static async Task<bool> MayWriteAsync(NpgsqlConnection connection, MigrationOperation operation, CancellationToken cancellationToken)
    {
        // By oid: naming the table in text would itself fail without USAGE on its schema instead of answering false.
        await using var command = new NpgsqlCommand(
            """
            select coalesce(bool_and(has_schema_privilege(n.oid, 'USAGE') and has_table_privilege(c.oid, $3)), false)
            from pg_catalog.pg_class c
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            where n.nspname = $1 and c.relname = $2
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = SupabaseHistoryTable.Schema });
        command.Parameters.Add(new NpgsqlParameter { Value = SupabaseHistoryTable.Table });
        command.Parameters.Add(new NpgsqlParameter { Value = PrivilegeFor(operation) });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// MIG1062 for each of <paramref name="toApply"/> that the Supabase history already lists: the Supabase CLI applied
    /// it, and running it again is never right.
    /// </summary>
    public IReadOnlyList<Diagnostic> ListedAlready(IEnumerable<LedgerEntry> toApply, string environment) =>
        toApply.Where(entry => History.Lists(entry.Version)).Select(entry => new Diagnostic(
            DiagnosticCatalog.AppliedPerSupabaseHistory,
            entry.Pair is { } pair ? SourceLocation.StartOf(pair.Forward.Path) : SourceLocation.None,
            $"supabase migration list shows {entry.Id} as applied on {environment} ({SupabaseHistoryTable.DisplayName} has version {entry.Version}), but our history says {MigrationStateText.Format(entry.State)}: deploying it would run it a second time. "
            + $"If the Supabase CLI applied it, take its history as ours with BaselineMigration (-p:MigrationsBaselineFrom=supabase); if it is not applied, remove the row with: supabase migration repair --status reverted {entry.Version}")).ToList();

    /// <summary>
    /// For work that cannot be undone (a no-transaction script that completed): <paramref name="finish"/> (our history's
    /// completing write) and the Supabase row in one transaction. Should the row still be refused (a trigger, a policy:
    /// the privilege was checked before the first statement), the work stands, so <paramref name="finish"/> runs alone
    /// and the refusal is reported (MIG1063) with the <c>supabase migration repair</c> command that records it by hand.
    /// </summary>
    public async Task FinishTogetherAsync(OperationContext context, NpgsqlConnection connection, MigrationScript script, HistoryEntry row, Func<Task> finish)
    {
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            await finish().ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { CommandFor(row, script) } };
            await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (PostgresException exception)
        {
            await finish().ConfigureAwait(false);
            var repair = row.Operation == MigrationOperation.Rollback ? "reverted" : "applied";
            context.Log.Report(new Diagnostic(
                DiagnosticCatalog.SupabaseHistoryRowRefused,
                SourceLocation.StartOf(script.FilePath),
                $"{row.MigrationId} completed (it runs outside a transaction, so it stands and our history records it), but {SupabaseHistoryTable.DisplayName} refused its row ({exception.MessageText}, SQLSTATE {exception.SqlState}): supabase migration list now disagrees. "
                + $"Record it there with: supabase migration repair --status {repair} {row.Version}"));
        }
    }

    /// <summary>MIG1063: the Supabase history refused the row sent in the migration's transaction, so the migration (or its rollback) was rolled back with it.</summary>
    public static Diagnostic Refused(OperationContext context, MigrationScript script, HistoryEntry row, PostgresException exception)
    {
        var what = row.Operation == MigrationOperation.Rollback
            ? $"The rollback of {row.MigrationId} ran, but {SupabaseHistoryTable.DisplayName} on {context.EnvironmentName} refused to delete its row ({exception.MessageText}, SQLSTATE {exception.SqlState}), so the rollback was undone with it: the migration is still applied and both histories still list it."
            : $"{row.MigrationId} ran, but {SupabaseHistoryTable.DisplayName} on {context.EnvironmentName} refused its row ({exception.MessageText}, SQLSTATE {exception.SqlState}), so the migration was rolled back with it: nothing of it is applied and neither history lists it.";
        return new Diagnostic(DiagnosticCatalog.SupabaseHistoryRowRefused, SourceLocation.StartOf(script.FilePath), what + $" Grant this role USAGE on schema {SupabaseHistoryTable.Schema} and {PrivilegeFor(row.Operation)} on the table (and check its triggers and policies), or run with {PublicSurface.PropertySwitch(PublicSurface.SupabaseHistoryProperty, "false")}.");
    }

    /// <summary>MIG1063 before a no-transaction script's first statement: the role may not write the row, and its statements could not be undone afterwards.</summary>
    public static Diagnostic NotWritableBeforeStart(MigrationScript script, HistoryEntry row) => new(
        DiagnosticCatalog.SupabaseHistoryRowRefused,
        SourceLocation.StartOf(script.FilePath),
        $"{row.MigrationId} runs outside a transaction, and this role may not {PrivilegeFor(row.Operation)} rows of {SupabaseHistoryTable.DisplayName}, so its statements could not be undone should the Supabase row be refused afterwards: nothing of it ran. "
        + $"Grant this role USAGE on schema {SupabaseHistoryTable.Schema} and {PrivilegeFor(row.Operation)} on the table, or run with {PublicSurface.PropertySwitch(PublicSurface.SupabaseHistoryProperty, "false")}.");

    private NpgsqlBatchCommand Insert(string version, string name, SqlScript script)
    {
        // Only the columns this table has (an older CLI's has version alone); the values travel as parameters.
        var columns = new List<string> { SqlIdentifier.Quote(SupabaseHistoryTable.VersionColumn) };
        var command = new NpgsqlBatchCommand();
        command.Parameters.Add(new NpgsqlParameter { Value = version, NpgsqlDbType = NpgsqlDbType.Text });
        if (Layout.HasName)
        {
            columns.Add(SqlIdentifier.Quote(SupabaseHistoryTable.NameColumn));
            command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        }

        if (Layout.HasStatements)
        {
            columns.Add(SqlIdentifier.Quote(SupabaseHistoryTable.StatementsColumn));
            command.Parameters.Add(new NpgsqlParameter { Value = SupabaseStatements.Split(script).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }

        var values = string.Join(", ", Enumerable.Range(1, columns.Count).Select(index => "$" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        command.CommandText = $"insert into {SupabaseHistoryTable.QualifiedName} ({string.Join(", ", columns)}) values ({values})";
        return command;
    }

    private static NpgsqlBatchCommand Delete(string version)
    {
        var command = new NpgsqlBatchCommand($"delete from {SupabaseHistoryTable.QualifiedName} where {SqlIdentifier.Quote(SupabaseHistoryTable.VersionColumn)} = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = version, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }

    /// <summary>The CLI's creation steps in one transaction, under this operation's lock timeout (the CLI uses 4 s).</summary>
    private static async Task CreateAsync(OperationContext context, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(MigrationExecutor.SetConfig("lock_timeout", context.Execution.LockTimeout, isLocal: true));
        foreach (var step in SupabaseHistoryTable.CreationSteps)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(step));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Refuse(OperationContext context, string message) =>
        context.Log.Report(new Diagnostic(DiagnosticCatalog.SupabaseHistoryUnusable, SourceLocation.None, message));
}
