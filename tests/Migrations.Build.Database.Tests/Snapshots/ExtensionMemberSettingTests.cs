using Migrations.Build.Engine.Snapshots;
using Npgsql;
using NpgsqlTypes;

namespace Migrations.Build.Database.Tests.Snapshots;

/// <summary>
/// The snapshot's queries leave out extension members listed in transaction-local settings
/// (<see cref="SnapshotQueries.ExtensionMembers"/>). If those settings were missing, or rolled back to empty, and a
/// query read them as "no members" or "everything is a member", a snapshot would quietly grow or shrink: it must fail.
/// </summary>
[TestClass]
public sealed class ExtensionMemberSettingTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_snapshot_query_without_the_member_settings_fails_instead_of_guessing()
    {
        await using var scenario = await SnapshotScenario.StartAsync("members_unset", TestContext.CancellationToken);
        await scenario.ExecuteAsync("create table t (id int primary key)", TestContext.CancellationToken);

        var unset = await Assert.ThrowsExactlyAsync<PostgresException>(() => ReadTablesAsync(scenario.Connection, setMembers: false));
        Assert.AreEqual(PostgresErrorCodes.UndefinedObject, unset.SqlState, unset.Message);

        // Set once and rolled back: the placeholder setting now exists in the session, with an empty value.
        Assert.AreEqual(1, await ReadTablesAsync(scenario.Connection, setMembers: true));
        var rolledBack = await Assert.ThrowsExactlyAsync<PostgresException>(() => ReadTablesAsync(scenario.Connection, setMembers: false));
        Assert.AreEqual(PostgresErrorCodes.InvalidTextRepresentation, rolledBack.SqlState, rolledBack.Message);
    }

    private async Task<int> ReadTablesAsync(NpgsqlConnection connection, bool setMembers)
    {
        var cancel = TestContext.CancellationToken;
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        if (setMembers)
        {
            await using var members = new NpgsqlCommand(SnapshotQueries.ExtensionMembers, connection, transaction);
            await members.ExecuteNonQueryAsync(cancel);
        }

        var tables = SnapshotQueries.For(connection.PostgreSqlVersion.Major)[SnapshotQueries.Names.ToList().IndexOf("tables")];
        await using var command = new NpgsqlCommand(tables, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = new[] { "pg\\_catalog", "information\\_schema", "pg\\_toast%", "pg\\_temp%" } });
        var rows = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancel))
        {
            while (await reader.ReadAsync(cancel))
            {
                rows++;
            }
        }

        await transaction.RollbackAsync(cancel);
        return rows;
    }
}
