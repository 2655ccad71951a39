using Migrations.Build.Engine.Supabase;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Supabase;

[TestClass]
public sealed class SupabaseHistoryReaderTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_database_without_the_table_has_no_Supabase_history()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("supa_none", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);

        Assert.IsNull(await SupabaseHistoryReader.ReadAsync(connection, TestContext.CancellationToken));
        Assert.IsNull(await SupabaseHistoryReader.ReadLayoutAsync(connection, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Rows_pushed_by_the_CLI_read_back_with_version_name_and_statements_in_version_order()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("supa_read", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await SupabaseCliHistory.CreateAsync(connection);
        await SupabaseCliHistory.PushAsync(connection, "20250301000000_invoices.sql", "create table invoices (id int)");
        await SupabaseCliHistory.PushAsync(connection, "20250210000000_customers.sql", "-- customers\ncreate table customers (id int)", "comment on table customers is 'a;b'");

        var history = await SupabaseHistoryReader.ReadAsync(connection, TestContext.CancellationToken);

        Assert.IsNotNull(history);
        Assert.IsTrue(history.Layout.HasName && history.Layout.HasStatements);
        Assert.IsNull(history.Layout.WriteProblem());
        CollectionAssert.AreEqual(new[] { "20250210000000", "20250301000000" }, history.Rows.Select(row => row.Version).ToArray());
        Assert.AreEqual("customers", history.Rows[0].Name);
        Assert.AreEqual("20250210000000_customers", history.Rows[0].Id);
        CollectionAssert.AreEqual(new[] { "-- customers\ncreate table customers (id int)", "comment on table customers is 'a;b'" }, history.Rows[0].Statements!.ToArray());
        Assert.IsTrue(history.Lists("20250301000000"));
        Assert.IsFalse(history.Lists("20250401000000"));
    }

    [TestMethod]
    public async Task A_table_of_an_old_CLI_with_only_versions_reads_without_names_or_statements()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("supa_old", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await SupabaseCliHistory.CreateVersionOnlyAsync(connection);
        await using (var insert = new NpgsqlCommand("insert into supabase_migrations.schema_migrations (version) values ('20211208000000')", connection))
        {
            await insert.ExecuteNonQueryAsync(TestContext.CancellationToken);
        }

        var history = await SupabaseHistoryReader.ReadAsync(connection, TestContext.CancellationToken);

        Assert.IsNotNull(history);
        Assert.IsFalse(history.Layout.HasName);
        Assert.IsFalse(history.Layout.HasStatements);
        var row = history.Rows.Single();
        Assert.AreEqual(("20211208000000", (string?)null, (IReadOnlyList<string>?)null), (row.Version, row.Name, row.Statements));
        Assert.AreEqual("20211208000000", row.Id);
    }

    [TestMethod]
    public async Task A_platform_column_that_must_be_filled_makes_the_table_unwritable_but_still_readable()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("supa_extra", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await SupabaseCliHistory.CreateAsync(connection);
        await using (var alter = new NpgsqlCommand("alter table supabase_migrations.schema_migrations add column created_by text, add column idempotency_key text not null default '', add column approved_by text not null", connection))
        {
            await alter.ExecuteNonQueryAsync(TestContext.CancellationToken);
        }

        var history = await SupabaseHistoryReader.ReadAsync(connection, TestContext.CancellationToken);

        Assert.IsNotNull(history);
        Assert.AreEqual(0, history.Rows.Count);
        CollectionAssert.AreEqual(new[] { "approved_by" }, history.Layout.UnwritableColumns.ToArray());
        StringAssert.Contains(history.Layout.WriteProblem(), "approved_by must be filled");
    }

    [TestMethod]
    public async Task A_table_without_a_version_column_is_refused_as_not_the_CLIs()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("supa_alien", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await using (var create = new NpgsqlCommand("create schema supabase_migrations; create table supabase_migrations.schema_migrations (filename text primary key)", connection))
        {
            await create.ExecuteNonQueryAsync(TestContext.CancellationToken);
        }

        var refused = await Assert.ThrowsExactlyAsync<SupabaseHistoryLayoutException>(() => SupabaseHistoryReader.ReadAsync(connection, TestContext.CancellationToken));

        StringAssert.Contains(refused.Message, "has no version column");
    }
}
