using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// Reads a <see cref="SchemaSnapshot"/> from PostgreSQL's system catalogs (not pg_dump, which must match the server's
/// version): schemas, tables, columns, constraints, indexes, views, sequences, routines, triggers, policies, types,
/// extensions, publications, default privileges, and the comments, owners and privileges of those objects.
/// </summary>
internal static class SchemaSnapshotReader
{
    /// <summary>
    /// Reads every schema except <paramref name="options"/>' exclusions. Runs its queries as one batch in its own
    /// read-only, repeatable-read transaction, so they all see the same moment; the connection must not be inside a
    /// transaction already.
    /// </summary>
    public static async Task<SchemaSnapshot> ReadAsync(
        NpgsqlConnection connection,
        SnapshotOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set transaction read only"));
        var snapshot = await ReadWithinAsync(batch, connection, options ?? SnapshotOptions.Default, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return snapshot;
    }

    /// <summary>
    /// Reads the schema as <paramref name="transaction"/> sees it, uncommitted changes included: TestMigration proves
    /// a rollback inside one transaction. The reader's own session settings are set inside a savepoint that is rolled
    /// back afterwards, so the migration statements that follow run with the session's own search_path and styles.
    /// </summary>
    /// <remarks>
    /// Two round trips, where a proof's snapshot took three: the <c>SAVEPOINT</c> travels at the head of the query
    /// batch, and the rollback to it and its release travel together. The server runs a batch in order and skips everything after an error, so when
    /// the batch fails the savepoint exists exactly when its own command completed — which
    /// <see cref="Database.BatchFailure"/> reads from the commands. A failure before it ran (the transaction was
    /// already aborted, or preparing the queries failed, which happens before anything executes) leaves no savepoint to
    /// return to; the error is then thrown as it came, as when the savepoint had its own round trip.
    /// </remarks>
    public static async Task<SchemaSnapshot> ReadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        SnapshotOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        const string Savepoint = "migrations_build_snapshot";
        await using var batch = new NpgsqlBatch(connection, transaction);
        var savepoint = new NpgsqlBatchCommand("savepoint " + Savepoint);
        batch.BatchCommands.Add(savepoint);
        var savepointSet = true;
        try
        {
            return await ReadWithinAsync(batch, connection, options ?? SnapshotOptions.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (Database.BatchFailure.IsAmong(batch.BatchCommands, [savepoint]))
        {
            savepointSet = false;
            throw;
        }
        finally
        {
            if (savepointSet)
            {
                await using var restore = new NpgsqlBatch(connection, transaction);
                restore.BatchCommands.Add(new NpgsqlBatchCommand("rollback to savepoint " + Savepoint));
                restore.BatchCommands.Add(new NpgsqlBatchCommand("release savepoint " + Savepoint));
                await restore.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task<SchemaSnapshot> ReadWithinAsync(NpgsqlBatch batch, NpgsqlConnection connection, SnapshotOptions options, CancellationToken cancellationToken)
    {
        var excludedPatterns = options.ExcludedSchemaLikePatterns();

        // The deparsers qualify a name only when it is not visible on search_path, and render dates and intervals by
        // the session's styles: fix both, so snapshots taken by different sessions (or clients) compare equal.
        // A generic plan for the prepared queries (below): on a small schema, planning them cost as much as running them.
        // No JIT: a generic plan's estimates grow with the schema, and from ≈1,000 tables the columns query's pass
        // jit_above_cost, after which the server compiles it again at every execution (≈250 ms of the ≈600 ms it took
        // at 2,000 tables); these queries spend their time in catalog lookups and deparsers, which JIT cannot speed up.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "select set_config('search_path', 'pg_catalog', true), set_config('datestyle', 'ISO, YMD', true), set_config('intervalstyle', 'postgres', true), " +
            "set_config('plan_cache_mode', 'force_generic_plan', true), set_config('jit', 'off', true)"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SnapshotQueries.ExtensionMembers));
        var queries = SnapshotQueries.For(connection.PostgreSqlVersion.Major);
        var queryNames = new Dictionary<NpgsqlBatchCommand, string>();
        for (var index = 0; index < queries.Count; index++)
        {
            var query = queries[index];
            var command = new NpgsqlBatchCommand(query);
            queryNames[command] = SnapshotQueries.Names[index];
            if (SnapshotQueries.TakesExcludedSchemas(query))
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = excludedPatterns });
            }

            batch.BatchCommands.Add(command);
        }

        var objects = new List<SnapshotObject>();
        try
        {
            // Prepared once per connection (Npgsql keys them by text): a proof reads three snapshots on the same
            // connection, and a chain of proofs hundreds, so the server parses and plans the catalog queries once.
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await ReadObjectsAsync(batch, objects, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.BatchCommand is not null && queryNames.ContainsKey(exception.BatchCommand))
        {
            // Say which catalog query failed: on a server version these queries were not written for, that is the clue.
            throw new InvalidOperationException(
                $"Reading the {queryNames[exception.BatchCommand]} of the schema snapshot failed on PostgreSQL {connection.PostgreSqlVersion}: {exception.MessageText} ({exception.SqlState})",
                exception);
        }

        return SchemaSnapshot.Create(objects);
    }

    private static async Task ReadObjectsAsync(NpgsqlBatch batch, List<SnapshotObject> objects, CancellationToken cancellationToken)
    {
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            do
            {
                // The settings query returns a row too; only result sets shaped like an object listing are read.
                if (reader.FieldCount != 8)
                {
                    continue;
                }

                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    AddRow(reader, objects);
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// One catalog row: the object itself, plus its owner, privileges and comment as objects of their own
    /// (<c>owner of table public.t</c>, …) inside it, so each can be missing, unexpected or changed on its own line.
    /// </summary>
    private static void AddRow(NpgsqlDataReader reader, List<SnapshotObject> objects)
    {
        var kind = reader.GetString(0);
        var name = reader.GetString(1);
        var parent = reader.IsDBNull(2) ? null : reader.GetString(2);
        var propertyNames = reader.GetFieldValue<string[]>(3);
        var propertyValues = reader.GetFieldValue<string?[]>(4);

        var properties = new List<SnapshotProperty>(propertyNames.Length);
        for (var index = 0; index < propertyNames.Length; index++)
        {
            if (propertyValues[index] is { } value)
            {
                properties.Add(new SnapshotProperty(propertyNames[index], value));
            }
        }

        var item = new SnapshotObject(kind, name, parent, properties);
        objects.Add(item);
        var described = kind + " " + name;
        if (!reader.IsDBNull(5))
        {
            objects.Add(new SnapshotObject(SnapshotObjectKinds.Owner, "of " + described, item.Key, [new("role", reader.GetString(5))]));
        }

        if (!reader.IsDBNull(6))
        {
            objects.Add(new SnapshotObject(SnapshotObjectKinds.Privileges, "on " + described, item.Key, [new("acl", reader.GetString(6))]));
        }

        if (!reader.IsDBNull(7))
        {
            objects.Add(new SnapshotObject(SnapshotObjectKinds.Comment, "on " + described, item.Key, [new("text", QuoteLiteral(reader.GetString(7)))]));
        }
    }

    // As SQL writes it, so that an empty comment, trailing spaces and quotes are all visible in a diff line.
    private static string QuoteLiteral(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
