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
    /// Reads the table, creating it as the CLI does when a deploy finds none (<paramref name="createWhenMissing"/>),
    /// and checks that rows can be written to it. Returns null when the operation must not go on, after reporting
    /// MIG1060; a rollback on a database without the table gets a keeper with nothing listed.
    /// </summary>
    public static async Task<(bool Usable, SupabaseHistoryKeeper? Keeper)> PrepareAsync(OperationContext context, NpgsqlConnection connection, bool createWhenMissing, CancellationToken cancellationToken)
    {
        try
        {
            var history = await SupabaseHistoryReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            if (history is null && createWhenMissing)
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

            if (history.Layout.WriteProblem() is { } problem)
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
            Refuse(context, $"{context.EnvironmentName} refused to {(createWhenMissing ? "read or create" : "read")} {SupabaseHistoryTable.DisplayName}: {refused.MessageText} (SQLSTATE {refused.SqlState}). Nothing was changed. "
                + $"Grant this role USAGE on schema {SupabaseHistoryTable.Schema} and SELECT, INSERT and DELETE on the table (CREATE on the database when it does not exist yet), or deploy with {PublicSurface.PropertySwitch(PublicSurface.SupabaseHistoryProperty, "false")}.");
            return (false, null);
        }
    }

    /// <summary>
    /// The command that records <paramref name="row"/>'s operation in the Supabase history: a deploy inserts
    /// (version, name, statements), a rollback deletes the version's row, as <c>supabase migration repair</c> does.
    /// </summary>
    public NpgsqlBatchCommand CommandFor(HistoryEntry row, MigrationScript script) =>
        row.Operation == MigrationOperation.Rollback ? Delete(row.Version) : Insert(row.Version, row.Name, script.Sql);

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
