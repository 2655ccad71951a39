using Migrations.Build.Database.Tests.Snapshots;
using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Snapshots;
using Migrations.Build.Engine.Sql;
using Npgsql;

namespace Migrations.Build.Database.Tests.Analysis;

/// <summary>
/// Runs the minimal examples of the shapes MIG0201–MIG0203 follow (renames, replacements, the type and column swaps,
/// owned sequences) on PostgreSQL: forward, then rollback, then the schema compared with the one before, as
/// TestMigration proves a pair. The pairs the analysis is quiet about must be exact there, and the variations it
/// warns about must really fail or leave a difference, so neither the silence nor the warning is a guess.
/// </summary>
[TestClass]
public sealed class RollbackShapeProofTests
{
    private const string Table = "create schema s; create table s.t (id int primary key, x int, st text);";
    /// <summary>The swapped column last: the swap re-adds it at the end, so only then is the rollback exact.</summary>
    private const string SwapTable = "create schema s; create table s.t (id int primary key, st text, x int);";
    private const string IndexedTable = "create schema s; create table s.t (a int, b int); create index ix on s.t (a);";
    private const string EnumTable = "create schema s; create type s.status as enum ('a'); create table s.t (id int, st s.status);";

    private const string TypeSwapForward = """
        create type s.status_new as enum ('a', 'b');
        alter table s.t alter column st type s.status_new using st::text::s.status_new;
        drop type s.status;
        alter type s.status_new rename to status;
        """;

    private const string TypeSwapRollback = """
        create type s.status_old as enum ('a');
        alter table s.t alter column st type s.status_old using st::text::s.status_old;
        drop type s.status;
        alter type s.status_old rename to status;
        """;

    private const string ColumnSwapForward = """
        alter table s.t add column x_new bigint;
        update s.t set x_new = x;
        alter table s.t drop column x;
        alter table s.t rename column x_new to x;
        """;

    private const string ColumnSwapRollback = """
        alter table s.t add column x_old int;
        update s.t set x_old = x;
        alter table s.t drop column x;
        alter table s.t rename column x_old to x;
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("create schema s;", "create table s.a (id int);\nalter table s.a rename to b;", "drop table s.b;")]
    [DataRow("create schema s;", "create table s.a (id int);\nalter table s.a rename to b;", "alter table s.b rename to a;\ndrop table s.a;")]
    [DataRow(Table, "alter table s.t add column a int;\nalter table s.t rename column a to b;", "alter table s.t drop column b;")]
    [DataRow("create schema s; create table s.a (id int);", "alter table s.a rename to a_old;\ncreate table s.a (id bigint);", "drop table s.a;\nalter table s.a_old rename to a;")]
    [DataRow(IndexedTable, "drop index s.ix;\ncreate index ix on s.t (a);", "select 1;")]
    [DataRow(IndexedTable, "drop index s.ix;\ncreate index ix on s.t (a, b);", "drop index s.ix;\ncreate index ix on s.t (a);")]
    [DataRow(Table + " alter table s.t add constraint t_x_check check (x > 0);",
        "alter table s.t drop constraint t_x_check;\nalter table s.t add constraint t_x_check check (x > 0);", "select 1;")]
    [DataRow("create schema s;", "create table s.t (id int);\ncreate sequence s.q owned by s.t.id;", "drop table s.t;")]
    [DataRow("create schema s;", "create table s.t (id serial primary key, n int generated always as identity);", "drop table s.t;\ndrop sequence if exists s.t_id_seq;")]
    [DataRow(Table, "alter table s.t add column n bigserial;", "alter table s.t drop column n;")]
    [DataRow(EnumTable, TypeSwapForward, TypeSwapRollback)]
    [DataRow(EnumTable,
        "alter type s.status rename to status_old;\ncreate type s.status as enum ('a', 'b');\nalter table s.t alter column st type s.status using st::text::s.status;\ndrop type s.status_old;",
        "alter type s.status rename to status_new;\ncreate type s.status as enum ('a');\nalter table s.t alter column st type s.status using st::text::s.status;\ndrop type s.status_new;")]
    [DataRow(SwapTable, ColumnSwapForward, ColumnSwapRollback)]
    public async Task A_pair_the_analysis_is_quiet_about_is_exact_on_postgresql(string setup, string forward, string rollback)
    {
        Assert.AreEqual(string.Empty, Analyse(forward, rollback));

        var (failure, differences) = await ReplayAsync(setup, forward, rollback);

        Assert.IsNull(failure, failure);
        DiffAssert.Lines(differences);
    }

    [TestMethod]
    // The rollback drops the old name of a table the forward renamed: it does not exist.
    [DataRow("create schema s;", "create table s.a (id int);\nalter table s.a rename to b;", "drop table s.a;", "MIG0201 MIG0202")]
    // The rollback renames the table back, then drops it by the name it just took away.
    [DataRow("create schema s;", "create table s.a (id int);\nalter table s.a rename to b;", "alter table s.b rename to a;\ndrop table s.b;", "MIG0201 MIG0203")]
    // The forward renames a table it did not create; the rollback destroys it.
    [DataRow("create schema s; create table s.a (id int);", "alter table s.a rename to b;", "drop table s.b;", "MIG0202")]
    // The rollback drops the replaced index and does not create the old one again.
    [DataRow(IndexedTable, "drop index s.ix;\ncreate index ix on s.t (a, b);", "drop index s.ix;", "MIG0202")]
    // A serial column's sequence cannot be dropped while its table is there.
    [DataRow("create schema s;", "create table s.t (id serial);", "drop sequence s.t_id_seq;\ndrop table s.t;", "MIG0203")]
    // The type swap undone by dropping the type alone: the column still uses it.
    [DataRow(EnumTable, TypeSwapForward, "drop type s.status;", "MIG0202")]
    // The column swap undone by dropping the column alone.
    [DataRow(Table, ColumnSwapForward, "alter table s.t drop column x;", "MIG0202")]
    public async Task A_pair_the_analysis_warns_about_fails_or_differs_on_postgresql(string setup, string forward, string rollback, string codes)
    {
        Assert.AreEqual(codes, Analyse(forward, rollback));

        var (failure, differences) = await ReplayAsync(setup, forward, rollback);

        Assert.IsTrue(failure is not null || differences.Length > 0, "the rollback ran and restored the schema exactly");
    }

    [TestMethod]
    public async Task The_column_swap_of_a_column_that_is_not_last_moves_it_which_only_the_proof_sees()
    {
        // The text cannot tell where the column stood in a table an earlier migration created: TestMigration can.
        Assert.AreEqual(string.Empty, Analyse(ColumnSwapForward, ColumnSwapRollback));

        var (failure, differences) = await ReplayAsync(Table, ColumnSwapForward, ColumnSwapRollback);

        Assert.IsNull(failure, failure);
        DiffAssert.Lines(differences, "column s.t.x: position 3, was 2");
    }

    /// <summary>The codes the rollback analysis reports for the pair, in order, space-separated.</summary>
    private static string Analyse(string forward, string rollback)
    {
        var name = new MigrationFileName("20250210000000", "x", new DateTime(2025, 2, 10, 0, 0, 0, DateTimeKind.Utc));
        var pair = new MigrationPair(
            "20250210000000",
            "x",
            new MigrationFile("x.sql", name, MigrationRole.Forward, null, SqlScript.Parse(forward)),
            new MigrationFile("x_rollback.sql", name, MigrationRole.Rollback, null, SqlScript.Parse(rollback)),
            false);
        return string.Join(" ", RollbackCompatibility.Check(pair).Select(diagnostic => diagnostic.Code));
    }

    /// <summary>Setup, snapshot, forward, rollback, snapshot: the rollback's error if it failed, else the differences.</summary>
    private async Task<(string? Failure, string[] Differences)> ReplayAsync(string setup, string forward, string rollback)
    {
        var cancellationToken = TestContext.CancellationToken;
        await using var scenario = await SnapshotScenario.StartAsync("shape", cancellationToken);
        await scenario.ExecuteAsync(setup, cancellationToken);
        var before = await scenario.ReadAsync(cancellationToken);
        await scenario.ExecuteAsync(forward, cancellationToken);
        try
        {
            await scenario.ExecuteAsync(rollback, cancellationToken);
        }
        catch (PostgresException exception)
        {
            return (exception.MessageText, []);
        }

        var after = await scenario.ReadAsync(cancellationToken);
        return (null, [.. SchemaDiff.Compare(before, after, "before", "after rollback").Select(difference => difference.ToString())]);
    }
}
