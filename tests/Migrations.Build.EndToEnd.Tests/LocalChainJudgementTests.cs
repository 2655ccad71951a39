using System.Globalization;
using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// TestMigration on Local through the packed SDK on a long chain, like a compiler: one run judges all 300 migrations,
/// reports each planted fault with its own code at its own file, and closes with a summary naming them.
/// </summary>
[TestClass]
public sealed class LocalChainJudgementTests
{
    private const int ChainLength = 300;

    public TestContext TestContext { get; set; } = null!;

    private static string Id(int number) =>
        new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(number).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "_step_" + number.ToString(CultureInfo.InvariantCulture);

    private static string Table(int number) => "t_" + number.ToString(CultureInfo.InvariantCulture);

    private static string CreateTable(int number) => $"create table {Table(number)} (id int primary key, note text, created_at timestamptz);\n";

    private static readonly string BrokenForward = $"insert into {Table(289)} (id) values ('not a number');\n";

    [TestMethod]
    public async Task One_run_over_a_300_migration_chain_reports_all_five_planted_faults()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var localUrl = DatabaseUrls.For(server.AdminConnectionString, out _);
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        var faults = new Dictionary<int, (string Forward, string Rollback)>
        {
            // The rollback leaves a sequence behind.
            [40] = ($"create table {Table(40)} (id int primary key);\ncreate sequence {Table(40)}_numbers;\n", $"drop table {Table(40)};\n"),

            // The rollback fails on its second statement.
            [100] = ($"create table {Table(100)} (id int primary key);\n", $"drop table {Table(100)};\nselect 1 / 0;\n"),

            // The rollback kills its own connection.
            [160] = ($"create table {Table(160)} (id int primary key);\n", "select pg_terminate_backend(pg_backend_pid());\n"),

            // Dropping and re-adding a middle column moves it to the end: only the column order differs (MIG1027).
            [220] = ($"alter table {Table(219)} drop column note;\n", $"alter table {Table(219)} add column note text;\n"),

            // The forward fails on the server: everything after it is not reached.
            [290] = (BrokenForward, $"delete from {Table(289)};\n"),
        };
        // Odd migrations create a table and even ones drop it again, so the schema stays small and the run short.
        for (var number = 1; number <= ChainLength; number++)
        {
            var (forward, rollback) = faults.TryGetValue(number, out var fault) ? fault
                : number % 2 == 1 ? (CreateTable(number), $"drop table {Table(number)};\n")
                : ($"drop table {Table(number - 1)};\n", CreateTable(number - 1));
            project.Write($"migrations/{Id(number)}.sql", forward);
            project.Write($"migrations/{Id(number)}_rollback.sql", rollback);
        }

        var result = project.Msbuild("TestMigration", new Dictionary<string, string> { ["MIGRATIONS_LOCAL_URL"] = localUrl });

        BuildAssert.Failed(result);
        string Rollback(int number) => Path.Combine(project.MigrationsDirectory, Id(number) + "_rollback.sql");
        BuildAssert.HasDiagnostic(result, "error", Rollback(40), 1, 1, "MIG1009", $"The rollback of {Id(40)} did not restore the schema…", project.ProjectPath);
        BuildAssert.HasDiagnostic(result, "error", Rollback(100), 2, 1, "MIG1007", "…", project.ProjectPath);
        BuildAssert.HasDiagnostic(result, "error", Rollback(160), 1, 1, "MIG1021", "…", project.ProjectPath);
        BuildAssert.HasDiagnostic(result, "error", Rollback(220), 1, 1, "MIG1027", $"The rollback of {Id(220)} did not restore the schema: only the order of columns differs (1 column moved); …", project.ProjectPath);
        BuildAssert.HasDiagnostic(result, "error", Path.Combine(project.MigrationsDirectory, Id(290) + ".sql"), 1, BrokenForward.IndexOf('\'', StringComparison.Ordinal) + 1, "MIG1007", "invalid input syntax for type integer: \"not a number\" (SQLSTATE 22P02)", project.ProjectPath);

        var closing = result.Lines.Single(line => line.StartsWith("TestMigration on Local: 300 migrations", StringComparison.Ordinal));
        StringAssert.Contains(closing, "285 proven, 2 refuted, 3 failed, 10 not reached");
        StringAssert.Contains(result.Output, $"refuted (the rollback does not restore the schema): {Id(40)}, {Id(220)}");
        StringAssert.Contains(result.Output, $"failed: {Id(100)} (at \"roll back\"), {Id(160)} (at \"roll back\"), {Id(290)} (at \"apply\")");
        StringAssert.Contains(result.Output, $"not reached: {Id(291)}, ");
    }
}
