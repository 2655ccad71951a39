using Migrations.Build.Engine.Local;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Local;

[TestClass]
public sealed class LocalBootstrapTests
{
    private const string UserId = "00000000-0000-0000-0000-000000000001";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Supabase_shim_makes_auth_uid_work_for_the_authenticated_role()
    {
        var shared = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var database = await ThrowawayDatabase.CreateAsync(shared.AdminConnectionString, "supabase", LocalBootstrap.Supabase, TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.CancellationToken);

        await Execute(connection, $"set local role authenticated; set local request.jwt.claim.sub = '{UserId}'; set local request.jwt.claim.role = 'authenticated'");

        Assert.AreEqual(Guid.Parse(UserId), await Scalar(connection, "select auth.uid()"));
        Assert.AreEqual("authenticated", await Scalar(connection, "select auth.role()"));
        Assert.AreEqual(UserId, await Scalar(connection, "select auth.jwt() ->> 'sub'"));
        Assert.AreEqual("authenticated", await Scalar(connection, "select current_user"));
    }

    [TestMethod]
    public async Task Supabase_shim_lets_row_level_security_policies_apply()
    {
        var shared = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var database = await ThrowawayDatabase.CreateAsync(shared.AdminConnectionString, "supabase_rls", LocalBootstrap.Supabase, TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await Execute(connection, """
            create table note (owner uuid not null, body text not null);
            alter table note enable row level security;
            create policy own_notes on note for select to authenticated using (owner = auth.uid());
            grant select on note to authenticated, service_role;
            insert into note values ('00000000-0000-0000-0000-000000000001', 'mine'), ('00000000-0000-0000-0000-000000000002', 'theirs');
            """);

        await using (var transaction = await connection.BeginTransactionAsync(TestContext.CancellationToken))
        {
            await Execute(connection, $"set local role authenticated; set local request.jwt.claims = '{{\"sub\": \"{UserId}\"}}'");
            Assert.AreEqual("mine", await Scalar(connection, "select string_agg(body, ',') from note"));
        }

        await using (var transaction = await connection.BeginTransactionAsync(TestContext.CancellationToken))
        {
            await Execute(connection, "set local role service_role");
            Assert.AreEqual("mine,theirs", await Scalar(connection, "select string_agg(body, ',' order by body) from note"), "service_role bypasses RLS");
        }
    }

    [TestMethod]
    public async Task Supabase_shim_runs_on_many_databases_of_one_server_at_once()
    {
        // Roles are cluster-wide: parallel bootstraps race to create them, and every one of them must succeed.
        var shared = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var databases = await Task.WhenAll(Enumerable.Range(0, 4).Select(
            _ => ThrowawayDatabase.CreateAsync(shared.AdminConnectionString, "supabase_parallel", LocalBootstrap.Supabase, TestContext.CancellationToken)));
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
