using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// Seeded random statements built from the words the classifier looks for, cut off anywhere: classification and the
/// safety rules never throw, and every diagnostic points inside the text.
/// </summary>
[TestClass]
public sealed class SafetyLinterFuzzTests
{
    private static readonly string[] Words =
    [
        "create", "alter", "drop", "table", "index", "concurrently", "if", "not", "exists", "only", "on", "add", "column",
        "constraint", "check", "foreign", "key", "primary", "unique", "references", "valid", "validate", "default", "null",
        "generated", "type", "set", "data", "rename", "to", "enable", "row", "level", "security", "insert", "into", "update",
        "delete", "from", "copy", "merge", "truncate", "with", "as", "begin", "commit", "rollback", "end", "prepare",
        "transaction", "reindex", "refresh", "materialized", "view", "trigger", "event", "policy", "schema", "authorization",
        "comment", "is", "grant", "revoke", "all", "tables", "in", "vacuum", "database", "system", "public", "s", "t", "\"T\"",
        "(", ")", ",", ".", "*", "'x'", "1", "$$ begin end $$", "-- migrations:disable MIG0303\n",
    ];

    [TestMethod]
    public void Random_statements_never_throw_and_diagnostics_point_inside_the_text()
    {
        var random = new Random(20250301);
        var name = new MigrationFileName("20250301000000", "fuzz", new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        for (var round = 0; round < 4000; round++)
        {
            var parts = new List<string>();
            var count = random.Next(1, 40);
            for (var i = 0; i < count; i++)
            {
                parts.Add(random.Next(8) == 0 ? ";\n" : Words[random.Next(Words.Length)]);
            }

            var text = string.Join(" ", parts);
            var script = SqlScript.Parse(text);
            var lines = text.Split('\n').Length;
            foreach (var role in new[] { MigrationRole.Forward, MigrationRole.Rollback })
            {
                var file = new MigrationFile("migrations/20250301000000_fuzz.sql", name, role, null, script);
                foreach (var diagnostic in SafetyLinter.Check(file))
                {
                    Assert.IsTrue(diagnostic.Location.Line >= 1 && diagnostic.Location.Line <= lines && diagnostic.Location.Column >= 1, $"{diagnostic} in: {text}");
                }
            }
        }
    }
}
