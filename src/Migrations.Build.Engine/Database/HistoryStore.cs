using Npgsql;
using NpgsqlTypes;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Reads and writes the history table of one database. The table is created on first use and its layout is
/// versioned in a companion table, so a later release can upgrade it in place; creation and upgrades happen only
/// while the caller holds the migration lock, so two deploys never race to create it.
/// </summary>
internal sealed class HistoryStore(HistoryLocation location)
{
    /// <summary>The history layout this release writes. Bump it together with a new step in <see cref="Upgrades"/>.</summary>
    public const int LayoutVersion = 3;

    /// <summary>Every operation history records; the table's check constraint allows exactly these.</summary>
    private static readonly string[] RecordedOperations = ["deploy", "rollback", "test", "resolve", "baseline"];

    public HistoryLocation Location { get; } = location;

    // The connection whose layout EnsureCreatedAsync made current: it holds the migration lock, without which nothing
    // of ours changes the layout, so its reads skip asking again (two round trips per deploy).
    private NpgsqlConnection? ensuredOn;

    /// <summary>Step n turns layout n into layout n + 1, inside the transaction that records the new layout version.</summary>
    private IReadOnlyList<Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>> Upgrades =>
    [
        // 0 → 1: the first layout.
        (connection, transaction, cancellationToken) => ExecuteAsync(connection, transaction, $"""
        create table {Location.QualifiedTable} (
            id bigint generated always as identity primary key,
            version text not null,
            name text not null,
            operation text not null check (operation in ('deploy', 'rollback', 'test', 'resolve')),
            environment text not null,
            status text not null check (status in ('succeeded', 'failed', 'partial', 'rolled_back')),
            forward_checksum text,
            rollback_checksum text,
            forward_sql text,
            rollback_sql text,
            started_at timestamptz not null,
            finished_at timestamptz,
            execution_ms bigint,
            statements_done integer not null default 0,
            statements_total integer not null default 0,
            db_user text not null default current_user,
            client_host text,
            tool_version text,
            backup_path text,
            error text,
            notes text
        );
        create index {SqlIdentifier.Quote(Location.Table + "_version_idx")} on {Location.QualifiedTable} (version, id);
        comment on table {Location.QualifiedTable} is 'Migrations.Build: every deploy, rollback, test and resolve of a migration on this database.';
        """, cancellationToken),

        // 1 → 2: the application tests run on staging after a TestMigration (MigrationsStagingTestCommand).
        (connection, transaction, cancellationToken) => ExecuteAsync(connection, transaction, $"alter table {Location.QualifiedTable} add column app_tests_exit_code integer, add column app_tests_ms bigint", cancellationToken),

        // 2 → 3: operation 'baseline' (BaselineMigration records migrations as applied without running them).
        AllowEveryRecordedOperationAsync,
    ];

    /// <summary>Creates or upgrades the history table. Call only while holding the migration lock.</summary>
    public async Task EnsureCreatedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var current = await ReadLayoutVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (current > LayoutVersion)
        {
            throw new HistoryLayoutException(
                $"The history table {Location} has layout version {current}, newer than this version of Migrations.Build understands ({LayoutVersion}); upgrade the Migrations.Build.Sdk package.");
        }

        if (current == LayoutVersion)
        {
            ensuredOn = connection;
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"create schema if not exists {SqlIdentifier.Quote(Location.Schema)}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"create table if not exists {Location.QualifiedVersionTable} (version integer not null)", cancellationToken).ConfigureAwait(false);
        for (var step = current; step < LayoutVersion; step++)
        {
            await Upgrades[step](connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, $"delete from {Location.QualifiedVersionTable}; insert into {Location.QualifiedVersionTable} (version) values ({LayoutVersion})", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        ensuredOn = connection;
    }

    /// <summary>Every row, oldest first; empty when the database has never seen a migration.</summary>
    public Task<IReadOnlyList<HistoryEntry>> ReadAllAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ReadAsync(connection, withScripts: true, cancellationToken);

    /// <summary>
    /// Every row without its recorded forward and rollback SQL (null in each entry): for a deploy, a status or the
    /// test evidence, which judge rows by their checksums and never run recorded SQL. The scripts are most of the
    /// table's bytes — on a project with thousands of migrations, megabytes read and decoded by every no-op deploy.
    /// </summary>
    public Task<IReadOnlyList<HistoryEntry>> ReadAllWithoutScriptsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ReadAsync(connection, withScripts: false, cancellationToken);

    private async Task<IReadOnlyList<HistoryEntry>> ReadAsync(NpgsqlConnection connection, bool withScripts, CancellationToken cancellationToken)
    {
        var layout = ReferenceEquals(connection, ensuredOn) ? LayoutVersion : await ReadLayoutVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (layout == 0)
        {
            return [];
        }

        // Reads need no lock and so do not upgrade: a layout 1 table (e.g. Staging's, read by a Production deploy) has no
        // application-test columns yet, which reads as "no application tests recorded".
        var applicationTests = layout >= 2 ? "app_tests_exit_code, app_tests_ms" : "null::integer, null::bigint";
        var scripts = withScripts ? "forward_sql, rollback_sql" : "null::text, null::text";

        var entries = new List<HistoryEntry>();
        await using var command = new NpgsqlCommand(
            $"""
            select id, version, name, operation, environment, status, forward_checksum, rollback_checksum, {scripts},
                   started_at, finished_at, execution_ms, statements_done, statements_total, db_user, client_host, tool_version,
                   backup_path, error, notes, {applicationTests}
            from {Location.QualifiedTable}
            order by id
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new HistoryEntry
            {
                Id = reader.GetInt64(0),
                Version = reader.GetString(1),
                Name = reader.GetString(2),
                Operation = HistoryText.ParseOperation(reader.GetString(3)),
                Environment = reader.GetString(4),
                Status = HistoryText.ParseStatus(reader.GetString(5)),
                ForwardChecksum = reader.IsDBNull(6) ? null : reader.GetString(6),
                RollbackChecksum = reader.IsDBNull(7) ? null : reader.GetString(7),
                ForwardSql = reader.IsDBNull(8) ? null : reader.GetString(8),
                RollbackSql = reader.IsDBNull(9) ? null : reader.GetString(9),
                StartedAt = reader.GetFieldValue<DateTimeOffset>(10),
                FinishedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                ExecutionMilliseconds = reader.IsDBNull(12) ? null : reader.GetInt64(12),
                StatementsDone = reader.GetInt32(13),
                StatementsTotal = reader.GetInt32(14),
                DatabaseUser = reader.GetString(15),
                ClientHost = reader.IsDBNull(16) ? null : reader.GetString(16),
                ToolVersion = reader.IsDBNull(17) ? null : reader.GetString(17),
                BackupPath = reader.IsDBNull(18) ? null : reader.GetString(18),
                Error = reader.IsDBNull(19) ? null : reader.GetString(19),
                Notes = reader.IsDBNull(20) ? null : reader.GetString(20),
                AppTestsExitCode = reader.IsDBNull(21) ? null : reader.GetInt32(21),
                AppTestsMilliseconds = reader.IsDBNull(22) ? null : reader.GetInt64(22),
            });
        }

        return entries;
    }

    /// <summary>Adds a row, inside <paramref name="transaction"/> when given so it commits or rolls back with the migration.</summary>
    public async Task<long> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, HistoryEntry entry, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertSql + " returning id", connection, transaction);
        AddRowValues(command.Parameters, entry);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The same row as <see cref="AppendAsync"/>, as a command to send in one round trip with the migration's
    /// <c>COMMIT</c> (<see cref="PipelinedTransaction"/>). It returns no id: a committed row is never updated.
    /// </summary>
    public NpgsqlBatchCommand AppendCommand(HistoryEntry entry)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        AddRowValues(command.Parameters, entry);
        return command;
    }

    private string InsertSql =>
        $"""
        insert into {Location.QualifiedTable}
            (version, name, operation, environment, status, forward_checksum, rollback_checksum, forward_sql, rollback_sql,
             started_at, finished_at, execution_ms, statements_done, statements_total, client_host, tool_version, backup_path, error, notes,
             app_tests_exit_code, app_tests_ms)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
        """;

    private static void AddRowValues(NpgsqlParameterCollection parameters, HistoryEntry entry)
    {
        parameters.Add(new NpgsqlParameter { Value = entry.Version });
        parameters.Add(new NpgsqlParameter { Value = entry.Name });
        parameters.Add(new NpgsqlParameter { Value = HistoryText.Format(entry.Operation) });
        parameters.Add(new NpgsqlParameter { Value = entry.Environment });
        parameters.Add(new NpgsqlParameter { Value = HistoryText.Format(entry.Status) });
        AddText(parameters, entry.ForwardChecksum);
        AddText(parameters, entry.RollbackChecksum);
        AddText(parameters, entry.ForwardSql);
        AddText(parameters, entry.RollbackSql);
        parameters.Add(new NpgsqlParameter { Value = entry.StartedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter { Value = (object?)entry.FinishedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter { Value = (object?)entry.ExecutionMilliseconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        parameters.Add(new NpgsqlParameter { Value = entry.StatementsDone });
        parameters.Add(new NpgsqlParameter { Value = entry.StatementsTotal });
        AddText(parameters, entry.ClientHost);
        AddText(parameters, entry.ToolVersion);
        AddText(parameters, entry.BackupPath);
        AddText(parameters, entry.Error);
        AddText(parameters, entry.Notes);
        parameters.Add(new NpgsqlParameter { Value = (object?)entry.AppTestsExitCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        parameters.Add(new NpgsqlParameter { Value = (object?)entry.AppTestsMilliseconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
    }

    /// <summary>Records progress of a migration that runs outside a transaction, after each statement.</summary>
    public async Task UpdateProgressAsync(NpgsqlConnection connection, long id, HistoryStatus status, int statementsDone, long? executionMilliseconds, string? error, bool finished, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"update {Location.QualifiedTable} set status = $1, statements_done = $2, execution_ms = $3, error = $4, finished_at = case when $5 then now() else finished_at end where id = $6",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = HistoryText.Format(status) });
        command.Parameters.Add(new NpgsqlParameter { Value = statementsDone });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)executionMilliseconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        AddText(command.Parameters, error);
        command.Parameters.Add(new NpgsqlParameter { Value = finished });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the application tests' exit code and duration on the <c>test</c> rows they ran after.</summary>
    public async Task RecordApplicationTestsAsync(NpgsqlConnection connection, IReadOnlyList<long> ids, int exitCode, long milliseconds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"update {Location.QualifiedTable} set app_tests_exit_code = $1, app_tests_ms = $2 where id = any($3)",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = exitCode, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = milliseconds, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the check constraint on <c>operation</c> with one that allows <see cref="RecordedOperations"/>. The old
    /// one is found in the catalog rather than by the name PostgreSQL gave it, so a table created by any earlier release
    /// (whatever its constraint ended up called) is upgraded; its rows all satisfy the wider check, so none is touched.
    /// </summary>
    private async Task AllowEveryRecordedOperationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var existing = new List<string>();
        await using (var find = new NpgsqlCommand(
            """
            select c.conname
            from pg_constraint c
            join pg_attribute a on a.attrelid = c.conrelid and a.attname = 'operation'
            where c.conrelid = $1::regclass and c.contype = 'c' and c.conkey = array[a.attnum]
            """,
            connection,
            transaction))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = Location.QualifiedTable });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing.Add(reader.GetString(0));
            }
        }

        var allowed = string.Join(", ", RecordedOperations.Select(operation => "'" + operation + "'"));
        var changes = existing.Select(name => "drop constraint " + SqlIdentifier.Quote(name))
            .Append($"add constraint {SqlIdentifier.Quote(Location.Table + "_operation_check")} check (operation in ({allowed}))");
        await ExecuteAsync(connection, transaction, $"alter table {Location.QualifiedTable} {string.Join(", ", changes)}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ReadLayoutVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("select to_regclass($1) is not null", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = Location.QualifiedVersionTable });
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return 0;
        }

        await using var read = new NpgsqlCommand($"select coalesce(max(version), 0) from {Location.QualifiedVersionTable}", connection);
        return (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddText(NpgsqlParameterCollection parameters, string? value) =>
        parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
}
