using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// Seeded random forwards and rollbacks built from the words the object reader looks for, cut off anywhere: reading,
/// pairing and the directive check never throw, and every diagnostic points inside the file it names.
/// </summary>
[TestClass]
public sealed class RollbackCompatibilityFuzzTests
{
    private const string ForwardPath = "migrations/20250301000000_fuzz.sql";
    private const string RollbackPath = "migrations/20250301000000_fuzz_rollback.sql";

    private static readonly string[] Words =
    [
        "create", "or", "replace", "alter", "drop", "table", "index", "view", "materialized", "function", "procedure", "trigger",
        "event", "type", "domain", "sequence", "schema", "extension", "policy", "if", "not", "exists", "on", "only", "add",
        "column", "constraint", "check", "foreign", "key", "references", "partition", "of", "enable", "disable", "row",
        "level", "security", "cascade", "execute", "as", "select", "from", "in", "out", "default", "=", "int", "timestamp",
        "with", "time", "zone", "double", "precision", "set", "search_path", "to", "s", "t", "\"T\"", "(", ")", "[", "]", ",",
        ".", "*", "'x'", "1", "$$ begin end $$", "-- migrations:disable MIG0201\n", "-- migrations:disbale MIG9999\n",
    ];

    [TestMethod]
    public void Random_pairs_never_throw_and_diagnostics_point_inside_their_file()
    {
        var random = new Random(20250315);
        var name = new MigrationFileName("20250301000000", "fuzz", new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        for (var round = 0; round < 3000; round++)
        {
            var forwardText = RandomText(random);
            var rollbackText = random.Next(4) == 0 ? forwardText : RandomText(random);
            var forward = new MigrationFile(ForwardPath, name, MigrationRole.Forward, null, SqlScript.Parse(forwardText));
            var rollback = new MigrationFile(RollbackPath, name, MigrationRole.Rollback, null, SqlScript.Parse(rollbackText));
            var diagnostics = RollbackCompatibility.Check(new MigrationPair("20250301000000", "fuzz", forward, rollback, false))
                .Concat(DirectiveChecker.Check(ForwardPath, forward.ParseScript()!));
            foreach (var diagnostic in diagnostics)
            {
                var text = diagnostic.Location.FilePath == ForwardPath ? forwardText : rollbackText;
                Assert.IsTrue(diagnostic.Location.Line >= 1 && diagnostic.Location.Line <= text.Split('\n').Length && diagnostic.Location.Column >= 1, $"{diagnostic} in: {text}");
            }
        }
    }

    internal static string RandomText(Random random)
    {
        var parts = new List<string>();
        var count = random.Next(1, 40);
        for (var i = 0; i < count; i++)
        {
            parts.Add(random.Next(7) == 0 ? ";\n" : Words[random.Next(Words.Length)]);
        }

        return string.Join(" ", parts);
    }
}
