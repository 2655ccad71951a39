using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Supabase;
using Npgsql;

namespace Migrations.Build.Database.Tests.Supabase;

/// <summary>
/// MigrationsSupabaseHistory=true in both directions: a database the Supabase CLI pushed, then deployed and rolled
/// back by us; and a database we deployed, read as <c>supabase migration list</c> reads it.
/// </summary>
[TestClass]
public sealed class SupabaseHistoryKeepingTests
{
    private const string Customers = "20250210000000_customers";
    private const string Invoices = "20250301000000_invoices";
    private const string InvoicesIndex = "20250302000000_invoices_index";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_database_pushed_by_the_Supabase_CLI_shows_its_versions_then_both_histories_move_together()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_pushed", Cancel);
        workspace.WritePair(Customers, "create table customers (id int primary key);\n", "drop table customers;\n");
        workspace.WritePair(Invoices, "-- what customers owe\ncreate table invoices (id int primary key, customer_id int references customers);\n", "drop table invoices;\n");
        await using (var connection = await workspace.Database.OpenConnectionAsync(Cancel))
        {
            await SupabaseCliHistory.CreateAsync(connection);
            await SupabaseCliHistory.PushAsync(connection, Customers + ".sql", "create table customers (id int primary key)");
        }

        // Status: the CLI's version is listed, and the disagreement with our (empty) history is a coded warning.
        var before = await workspace.StatusAsync();
        Assert.AreEqual((MigrationState.Pending, (bool?)true), (before[0].State, before[0].SupabaseListed));
        Assert.AreEqual((MigrationState.Pending, (bool?)false), (before[1].State, before[1].SupabaseListed));
        var disagreement = workspace.Log.Diagnostics.Single(d => d.Code == "MIG1061");
        StringAssert.StartsWith(disagreement.Message, $"supabase migration list would show {Customers} as applied on Staging, but our history says pending.");
        Assert.AreEqual(Path.Combine(workspace.Folder, Customers + ".sql"), disagreement.Location.FilePath);

        // A deploy would run the CLI's migration a second time: refused whole, recorded, nothing applied.
        workspace.NewLog();
        var refused = await DeployOperation.RunAsync(Keeping(workspace), workspace.Pairs(), null, false, Cancel);
        Assert.IsFalse(refused.Succeeded);
        StringAssert.Contains(workspace.Log.Diagnostics.Single(d => d.Code == "MIG1062").Message, "deploying it would run it a second time");
        Assert.IsFalse(await workspace.TableExistsAsync("invoices"));
        Assert.AreEqual("refused: supabase_migrations.schema_migrations already lists it (MIG1062), nothing ran", await workspace.ScalarAsync("select error from migrations_build.history"));

        // Our history takes the CLI's as applied (what BaselineMigration -p:MigrationsBaselineFrom=supabase records).
        await AdoptAsync(workspace, Customers);

        workspace.NewLog();
        var deployed = await DeployOperation.RunAsync(Keeping(workspace), workspace.Pairs(), null, false, Cancel);
        Assert.IsTrue(deployed.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { Invoices }, deployed.Done.ToArray());
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.StartsWith($"Applied {Invoices} to Staging in ", StringComparison.Ordinal) && m.EndsWith("; supabase_migrations.schema_migrations lists it.", StringComparison.Ordinal)), workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { "20250210000000", "20250301000000" }, (await ListAsync(workspace)).ToArray());
        var row = (await ReadAsync(workspace)).Find("20250301000000")!;
        Assert.AreEqual("invoices", row.Name);
        CollectionAssert.AreEqual(new[] { "-- what customers owe\ncreate table invoices (id int primary key, customer_id int references customers)" }, row.Statements!.ToArray());
        workspace.NewLog();
        var agreed = await workspace.StatusAsync();
        Assert.IsTrue(agreed.All(status => status is { State: MigrationState.Applied, SupabaseListed: true }), string.Join("; ", agreed));
        Assert.IsFalse(workspace.Log.Codes.Contains("MIG1061"), workspace.Log.ToString());

        // Rollback: both drop the version, in one transaction.
        workspace.NewLog();
        var rolledBack = await RollbackOperation.RunAsync(Keeping(workspace), workspace.Pairs(), null, false, false, Cancel);
        Assert.IsTrue(rolledBack.Succeeded, workspace.Log.ToString());
        Assert.IsFalse(await workspace.TableExistsAsync("invoices"));
        CollectionAssert.AreEqual(new[] { "20250210000000" }, (await ListAsync(workspace)).ToArray());
        workspace.NewLog();
        var after = await workspace.StatusAsync();
        Assert.AreEqual((MigrationState.RolledBack, (bool?)false), (after[1].State, after[1].SupabaseListed));
        Assert.IsFalse(workspace.Log.Codes.Contains("MIG1061"), workspace.Log.ToString());
    }

    [TestMethod]
    public async Task A_database_deployed_by_us_holds_exactly_what_supabase_migration_list_reads_as_applied()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_ours", Cancel);
        workspace.WritePair(Customers, "create table customers (id int primary key);\n", "drop table customers;\n");
        workspace.WritePair(Invoices, "create table invoices (id int primary key, note text);\ncomment on table invoices is 'owed; by customers';\n-- done\n", "drop table invoices;\n");
        workspace.WritePair(InvoicesIndex, "-- migrations:no-transaction\ncreate index concurrently invoices_note_idx on invoices (note);\n", "-- migrations:no-transaction\ndrop index concurrently invoices_note_idx;\n");

        var deployed = await DeployOperation.RunAsync(Keeping(workspace), workspace.Pairs(), null, false, Cancel);

        Assert.IsTrue(deployed.Succeeded, workspace.Log.ToString());
        Assert.IsTrue(workspace.Log.Messages.Contains("Created supabase_migrations.schema_migrations as the Supabase CLI creates it (MigrationsSupabaseHistory=true), so supabase migration list sees what this deploy applies."), workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { "20250210000000", "20250301000000", "20250302000000" }, (await ListAsync(workspace)).ToArray());
        var history = await ReadAsync(workspace);
        CollectionAssert.AreEqual(new[] { "customers", "invoices", "invoices_index" }, history.Rows.Select(row => row.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "create table invoices (id int primary key, note text)", "comment on table invoices is 'owed; by customers'", "-- done" }, history.Rows[1].Statements!.ToArray());
        CollectionAssert.AreEqual(new[] { "-- migrations:no-transaction\ncreate index concurrently invoices_note_idx on invoices (note)" }, history.Rows[2].Statements!.ToArray());

        // The table is the one the CLI itself creates: same columns, types, nullability and key.
        await using (var reference = await Migrations.Build.Testing.PostgresServer.CreateDatabaseAsync("supa_cli", Cancel))
        {
            await using var connection = await reference.OpenConnectionAsync(Cancel);
            await SupabaseCliHistory.CreateAsync(connection);
            Assert.AreEqual(await DescribeTableAsync(connection), await DescribeTableAsync(workspace));
        }

        workspace.NewLog();
        Assert.IsTrue((await workspace.StatusAsync()).All(row => row is { State: MigrationState.Applied, SupabaseListed: true }));
        Assert.IsFalse(workspace.Log.Codes.Contains("MIG1061"), workspace.Log.ToString());

        // The no-transaction rollback removes the row together with its final history row.
        workspace.NewLog();
        Assert.IsTrue((await RollbackOperation.RunAsync(Keeping(workspace), workspace.Pairs(), null, false, false, Cancel)).Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { "20250210000000", "20250301000000" }, (await ListAsync(workspace)).ToArray());
    }

    [TestMethod]
    public async Task TestMigration_on_staging_lists_what_it_leaves_applied_and_refuses_what_the_CLI_applied()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_test", Cancel);
        workspace.WritePair(Customers, "create table customers (id int primary key);\n", "drop table customers;\n");
        workspace.WritePair(InvoicesIndex, "-- migrations:no-transaction\ncreate index concurrently customers_id_idx on customers (id);\n", "-- migrations:no-transaction\ndrop index concurrently customers_id_idx;\n");

        var tested = await Migrations.Build.Engine.Verification.TestOperation.RunAsync(Keeping(workspace), workspace.Pairs(), null, Cancel);

        Assert.IsTrue(tested.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { "20250210000000", "20250302000000" }, (await ListAsync(workspace)).ToArray());
        workspace.NewLog();
        Assert.IsTrue((await workspace.StatusAsync()).All(row => row is { State: MigrationState.Applied, SupabaseListed: true }));
        Assert.IsFalse(workspace.Log.Codes.Contains("MIG1061"), workspace.Log.ToString());

        // A migration the CLI pushed meanwhile is not applied a second time by a test either.
        const string Refunds = "20250401000000_refunds";
        workspace.WritePair(Refunds, "create table refunds (id int primary key);\n", "drop table refunds;\n");
        await using (var connection = await workspace.Database.OpenConnectionAsync(Cancel))
        {
            await SupabaseCliHistory.PushAsync(connection, Refunds + ".sql", "create table refunds (id int primary key)");
        }

        workspace.NewLog();
        var refused = await Migrations.Build.Engine.Verification.TestOperation.RunAsync(Keeping(workspace), workspace.Pairs(), Refunds, Cancel);
        Assert.IsFalse(refused.Succeeded);
        Assert.AreEqual(Path.Combine(workspace.Folder, Refunds + ".sql"), workspace.Log.Diagnostics.Single(d => d.Code == "MIG1062").Location.FilePath);
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from migrations_build.history where version = '20250401000000'"));
    }

    [TestMethod]
    public async Task Without_the_property_the_supabase_schema_is_never_touched()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_off", Cancel);
        workspace.WritePair(Customers, "create table customers (id int primary key);\n", "drop table customers;\n");

        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel)).Succeeded, workspace.Log.ToString());
        Assert.IsTrue((await RollbackOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, false, Cancel)).Succeeded, workspace.Log.ToString());

        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from pg_namespace where nspname = 'supabase_migrations'"));
        Assert.IsTrue((await workspace.StatusAsync()).All(row => row.SupabaseListed is null));
    }

    [TestMethod]
    public async Task Without_the_property_a_deploy_still_never_runs_again_what_the_Supabase_CLI_applied()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_off_pushed", Cancel);
        workspace.WritePair(Customers, "create table customers (id int primary key);\n", "drop table customers;\n");
        workspace.WritePair(Invoices, "create table invoices (id int primary key);\n", "drop table invoices;\n");
        await using (var connection = await workspace.Database.OpenConnectionAsync(Cancel))
        {
            await SupabaseCliHistory.CreateAsync(connection);
            await SupabaseCliHistory.PushAsync(connection, Customers + ".sql", "create table customers (id int primary key)");
        }

        var outcome = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel);

        Assert.IsFalse(outcome.Succeeded, workspace.Log.ToString());
        var refusal = workspace.Log.Diagnostics.Single(d => d.IsError);
        Assert.AreEqual("MIG1062", refusal.Code);
        Assert.AreEqual((Path.Combine(workspace.Folder, Customers + ".sql"), 1, 1), (refusal.Location.FilePath, refusal.Location.Line, refusal.Location.Column));
        Assert.IsFalse(await workspace.TableExistsAsync("invoices"), "nothing of the deploy may run");
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from migrations_build.history where status = 'succeeded'"));
        CollectionAssert.AreEqual(new[] { "20250210000000" }, (await ListAsync(workspace)).ToArray(), "the Supabase history is only read");
    }

    [TestMethod]
    public async Task A_refused_Supabase_row_rolls_the_migration_back_and_history_records_the_failure()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_denied", Cancel);
        workspace.WritePair(Customers, "create table customers (id int primary key);\ninsert into customers values (1);\n", "drop table customers;\n");

        await AsReadOnlySupabaseRoleAsync(workspace, async context =>
        {
            var outcome = await DeployOperation.RunAsync(context, workspace.Pairs(), null, false, Cancel);

            Assert.IsFalse(outcome.Succeeded);
            var refusal = workspace.Log.Diagnostics.Single(d => d.Code == "MIG1063");
            Assert.AreEqual((Path.Combine(workspace.Folder, Customers + ".sql"), 1, 1), (refusal.Location.FilePath, refusal.Location.Line, refusal.Location.Column));
            StringAssert.StartsWith(refusal.Message, $"{Customers} ran, but supabase_migrations.schema_migrations on Staging refused its row (permission denied for table schema_migrations, SQLSTATE 42501), so the migration was rolled back with it: nothing of it is applied and neither history lists it.");
            Assert.IsFalse(await workspace.TableExistsAsync("customers"), "the migration's transaction must have rolled back");
            Assert.AreEqual(0, (await ListAsync(workspace)).Count);
            Assert.AreEqual("failed", await workspace.ScalarAsync("select status from migrations_build.history"));
            StringAssert.Contains((string)(await workspace.ScalarAsync("select error from migrations_build.history"))!, "error MIG1063:");
            Assert.AreEqual(MigrationState.Failed, (await workspace.StatusAsync()).Single().State);
        });
    }

    [TestMethod]
    public async Task A_no_transaction_migration_is_refused_before_its_first_statement_when_its_row_could_not_be_written()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_denied_nt", Cancel);
        workspace.WritePair(Customers, "-- migrations:no-transaction\ncreate table customers (id int primary key);\ncreate index concurrently customers_id_idx on customers (id);\n", "-- migrations:no-transaction\ndrop table customers;\n");

        await AsReadOnlySupabaseRoleAsync(workspace, async context =>
        {
            var outcome = await DeployOperation.RunAsync(context, workspace.Pairs(), null, false, Cancel);

            Assert.IsFalse(outcome.Succeeded);
            StringAssert.StartsWith(workspace.Log.Diagnostics.Single(d => d.Code == "MIG1063").Message, $"{Customers} runs outside a transaction, and this role may not INSERT rows of supabase_migrations.schema_migrations");
            Assert.IsFalse(await workspace.TableExistsAsync("customers"), "no statement may have run");
            Assert.AreEqual("failed 0", await workspace.ScalarAsync("select status || ' ' || statements_done from migrations_build.history"));
            Assert.AreEqual(0, (await ListAsync(workspace)).Count);
        });
    }

    [TestMethod]
    public async Task ResolveMigration_lists_a_migration_resolved_as_applied_and_unlists_one_resolved_as_rolled_back()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_resolve", Cancel);

        // Stops after its first statement: partial, and not listed (the CLI does not see a half-applied deploy).
        workspace.WritePair(Customers, "-- migrations:no-transaction\ncreate table customers (id int primary key);\ncreate table customers (id int primary key);\n", "drop table customers;\n");

        // Applied and listed; its rollback stops after its first statement: partial, still listed.
        workspace.WritePair(Invoices, "create table invoices (id int primary key);\ncreate table invoice_lines (id int primary key);\n", "-- migrations:no-transaction\ndrop table invoice_lines;\ndrop table no_such_table;\n");
        Assert.IsFalse((await DeployOperation.RunAsync(Keeping(workspace), workspace.Pairs(), null, false, Cancel)).Succeeded);
        Assert.IsTrue((await ResolveOperation.RunAsync(workspace.Context(), workspace.Pairs(), Customers, HistoryStatus.RolledBack, "dropped it by hand", Cancel)).Succeeded, workspace.Log.ToString());
        Assert.IsTrue((await DeployOperation.RunAsync(Keeping(workspace), workspace.Pairs(), Invoices, true, Cancel)).Succeeded, workspace.Log.ToString());
        Assert.IsFalse((await RollbackOperation.RunAsync(Keeping(workspace), workspace.Pairs(), Invoices, false, false, Cancel)).Succeeded);
        CollectionAssert.AreEqual(new[] { Invoices[..14] }, (await ListAsync(workspace)).ToArray());
        Assert.AreEqual(MigrationState.Partial, (await workspace.StatusAsync())[1].State);

        workspace.NewLog();
        var unlisted = await ResolveOperation.RunAsync(Keeping(workspace), workspace.Pairs(), Invoices, HistoryStatus.RolledBack, "dropped the rest by hand", Cancel);

        Assert.IsTrue(unlisted.Succeeded, workspace.Log.ToString());
        Assert.AreEqual(0, (await ListAsync(workspace)).Count);
        Assert.AreEqual((MigrationState.RolledBack, (bool?)false), ((await workspace.StatusAsync())[1].State, (await workspace.StatusAsync())[1].SupabaseListed));
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.Contains("and supabase_migrations.schema_migrations no longer lists it", StringComparison.Ordinal)), workspace.Log.ToString());

        // Partial again (a deploy of Customers stops after its first statement), then resolved as applied: listed.
        await workspace.ScalarAsync("drop table customers");
        Assert.IsFalse((await DeployOperation.RunAsync(Keeping(workspace), workspace.Pairs(), Customers, false, Cancel)).Succeeded);
        workspace.NewLog();
        var listed = await ResolveOperation.RunAsync(Keeping(workspace), workspace.Pairs(), Customers, HistoryStatus.Succeeded, "built the rest by hand", Cancel);

        Assert.IsTrue(listed.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { Customers[..14] }, (await ListAsync(workspace)).ToArray());
        Assert.AreEqual((MigrationState.Applied, (bool?)true), ((await workspace.StatusAsync())[0].State, (await workspace.StatusAsync())[0].SupabaseListed));
        Assert.AreEqual(3L, await workspace.ScalarAsync("select count(*) from migrations_build.history where operation = 'resolve'"));
    }

    [TestMethod]
    public async Task A_resolve_the_Supabase_history_refuses_records_nothing_in_either_history()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_resolve_denied", Cancel);
        workspace.WritePair(Customers, "-- migrations:no-transaction\ncreate table customers (id int primary key);\ncreate table customers (id int primary key);\n", "drop table customers;\n");

        await AsReadOnlySupabaseRoleAsync(workspace, async context =>
        {
            Assert.IsFalse((await DeployOperation.RunAsync(context with { KeepSupabaseHistory = false }, workspace.Pairs(), null, false, Cancel)).Succeeded);
            workspace.NewLog();

            var outcome = await ResolveOperation.RunAsync(context with { Log = workspace.Log }, workspace.Pairs(), Customers, HistoryStatus.Succeeded, "built the rest by hand", Cancel);

            Assert.IsFalse(outcome.Succeeded);
            var refused = workspace.Log.Diagnostics.Single(d => d.Code == "MIG1063");
            Assert.AreEqual((Path.Combine(workspace.Folder, Customers + ".sql"), 1, 1), (refused.Location.FilePath, refused.Location.Line, refused.Location.Column));
            StringAssert.StartsWith(refused.Message, $"{Customers} was not resolved on Staging: supabase_migrations.schema_migrations refused the change of its row (");
            StringAssert.EndsWith(refused.Message, $"supabase migration repair --status applied {Customers[..14]}");
            Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from migrations_build.history where operation = 'resolve'"));
            Assert.AreEqual(0, (await ListAsync(workspace)).Count);
            Assert.AreEqual(MigrationState.Partial, (await workspace.StatusAsync()).Single().State);
        });
    }

    [TestMethod]
    public async Task A_refused_delete_undoes_the_rollback_and_the_migration_stays_applied_in_both_histories()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("supa_denied_rb", Cancel);
        workspace.WritePair(Customers, "create table customers (id int primary key);\n", "drop table customers;\n");

        await AsSupabaseRoleAsync(workspace, "select, insert", async context =>
        {
            Assert.IsTrue((await DeployOperation.RunAsync(context, workspace.Pairs(), null, false, Cancel)).Succeeded, workspace.Log.ToString());

            var outcome = await RollbackOperation.RunAsync(context, workspace.Pairs(), null, false, false, Cancel);

            Assert.IsFalse(outcome.Succeeded);
            StringAssert.StartsWith(workspace.Log.Diagnostics.Single(d => d.Code == "MIG1063").Message, $"The rollback of {Customers} ran, but supabase_migrations.schema_migrations on Staging refused to delete its row (permission denied for table schema_migrations, SQLSTATE 42501), so the rollback was undone with it: the migration is still applied and both histories still list it.");
            Assert.IsTrue(await workspace.TableExistsAsync("customers"), "the rollback's transaction must have rolled back");
            CollectionAssert.AreEqual(new[] { "20250210000000" }, (await ListAsync(workspace)).ToArray());
            Assert.AreEqual("failed", await workspace.ScalarAsync("select status from migrations_build.history where operation = 'rollback'"));
            Assert.AreEqual((MigrationState.Applied, (bool?)true), ((await workspace.StatusAsync()).Single().State, (await workspace.StatusAsync()).Single().SupabaseListed));
        });
    }

    private Task AsReadOnlySupabaseRoleAsync(MigrationWorkspace workspace, Func<OperationContext, Task> work) =>
        AsSupabaseRoleAsync(workspace, "select", work);

    /// <summary>
    /// Runs <paramref name="work"/> as a role that may deploy (create the history schema and tables) and has only
    /// <paramref name="privileges"/> on the Supabase history the CLI created — a role the project owner did not grant more.
    /// </summary>
    private async Task AsSupabaseRoleAsync(MigrationWorkspace workspace, string privileges, Func<OperationContext, Task> work)
    {
        var role = "supa_deployer_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = await workspace.Database.OpenConnectionAsync(Cancel))
        {
            await SupabaseCliHistory.CreateAsync(connection);
            await ExecuteAsync(connection, $"create role {role} login; grant create on database \"{workspace.Database.Name}\" to {role}; grant create on schema public to {role}; grant usage on schema supabase_migrations to {role}; grant {privileges} on supabase_migrations.schema_migrations to {role}");
        }

        try
        {
            var asRole = new NpgsqlConnectionStringBuilder(workspace.Database.ConnectionString) { Username = role, Password = null }.ConnectionString;
            await work(new OperationContext("Staging", asRole, HistoryLocation.Default, new ExecutionSettings(), TimeSpan.FromSeconds(5), workspace.Log) { KeepSupabaseHistory = true });
        }
        finally
        {
            await using var connection = await workspace.Database.OpenConnectionAsync(CancellationToken.None);
            await ExecuteAsync(connection, $"drop owned by {role} cascade; drop role {role}");
        }
    }

    private static OperationContext Keeping(MigrationWorkspace workspace) => workspace.Context() with { KeepSupabaseHistory = true };

    /// <summary>Our history takes a migration the CLI applied as applied, as a baseline would record it.</summary>
    private static async Task AdoptAsync(MigrationWorkspace workspace, string id)
    {
        var pair = workspace.Pairs().Single(candidate => candidate.Id == id);
        await using var connection = await workspace.Database.OpenConnectionAsync();
        await new HistoryStore(HistoryLocation.Default).AppendAsync(connection, null, new HistoryEntry
        {
            Version = pair.Version,
            Name = pair.Name,
            Operation = MigrationOperation.Resolve,
            Environment = "Staging",
            Status = HistoryStatus.Succeeded,
            ForwardChecksum = pair.Forward.Checksum,
            RollbackChecksum = pair.Rollback?.Checksum,
            RollbackSql = File.ReadAllText(pair.Rollback!.Path),
            StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow,
            Notes = "baseline from the Supabase history (test stand-in)",
        }, CancellationToken.None);
    }

    private static async Task<IReadOnlyList<string>> ListAsync(MigrationWorkspace workspace)
    {
        await using var connection = await workspace.Database.OpenConnectionAsync();
        return await SupabaseCliHistory.ListAsync(connection);
    }

    private static async Task<SupabaseHistory> ReadAsync(MigrationWorkspace workspace)
    {
        await using var connection = await workspace.Database.OpenConnectionAsync();
        return (await SupabaseHistoryReader.ReadAsync(connection, CancellationToken.None))!;
    }

    private static async Task<string> DescribeTableAsync(MigrationWorkspace workspace)
    {
        await using var connection = await workspace.Database.OpenConnectionAsync();
        return await DescribeTableAsync(connection);
    }

    /// <summary>Columns (name, type, not null, default) and constraints of the Supabase history table, as one comparable line.</summary>
    private static async Task<string> DescribeTableAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' not null' else '' end, ', ' order by a.attnum)
                || ' | ' || (select string_agg(pg_get_constraintdef(k.oid), ', ' order by pg_get_constraintdef(k.oid)) from pg_constraint k where k.conrelid = 'supabase_migrations.schema_migrations'::regclass)
            from pg_attribute a
            where a.attrelid = 'supabase_migrations.schema_migrations'::regclass and a.attnum > 0 and not a.attisdropped
            """,
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
