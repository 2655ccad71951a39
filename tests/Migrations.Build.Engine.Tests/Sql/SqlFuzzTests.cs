using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Sql;

/// <summary>
/// Seeded random and mutated scripts: the lexer, splitter and checker never throw, always finish, and every
/// position they report lies inside the text.
/// </summary>
[TestClass]
public sealed class SqlFuzzTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    internal static readonly string[] Fragments =
    [
        "'", "\"", "$$", "$a$", "$1", "(", ")", "/*", "*/", "--", "E'", "e'\\", "U&'", "U&\"", "B'", "X'", "N'", "\\",
        "\\i x", "\r", "\n", "\r\n", ";", "\uFEFF", " UESCAPE '!'", "BEGIN ATOMIC", "CASE", "END", "CREATE FUNCTION",
        "::", "->>", "-- migrations:disable MIG0303", "-- migrations:no-transaction\n", "0x", "1e", ".", "..", "😀", "\0",
    ];

    internal static readonly char[] Alphabet = "abcSELECT ECX U&$_0123456789'\"\\()[];:.,-+*/<>=~!@#%^|`?{}\r\n\t\uFEFFé😀".ToCharArray();

    [TestMethod]
    public void Mutated_corpus_files_hold_every_invariant()
    {
        RunWithDeadline(() =>
        {
            var random = new Random(20250210);
            foreach (var path in Directory.EnumerateFiles(SqlCorpusTests.CorpusDirectory, "*.sql").Order(StringComparer.Ordinal))
            {
                var original = File.ReadAllText(path);
                for (var round = 0; round < 60; round++)
                {
                    AssertInvariants(Mutate(original, random));
                }
            }
        });
    }

    [TestMethod]
    public void Random_text_holds_every_invariant()
    {
        RunWithDeadline(() =>
        {
            var random = new Random(42);
            for (var round = 0; round < 3000; round++)
            {
                var length = random.Next(0, 200);
                var chars = new char[length];
                for (var i = 0; i < length; i++)
                {
                    chars[i] = Alphabet[random.Next(Alphabet.Length)];
                }

                AssertInvariants(new string(chars));
            }
        });
    }

    [TestMethod]
    public void Every_prefix_of_a_corpus_file_holds_every_invariant()
    {
        RunWithDeadline(() =>
        {
            var text = File.ReadAllText(Path.Combine(SqlCorpusTests.CorpusDirectory, "29_plpgsql_with_nested_dollar_and_exceptions.sql"));
            for (var length = 0; length <= text.Length; length++)
            {
                AssertInvariants(text[..length]);
            }
        });
    }

    internal static string Mutate(string text, Random random)
    {
        var mutations = random.Next(1, 4);
        for (var i = 0; i < mutations; i++)
        {
            var position = random.Next(0, text.Length + 1);
            switch (random.Next(4))
            {
                case 0:
                    text = text[..position];
                    break;
                case 1:
                    var length = random.Next(0, Math.Min(40, text.Length - position) + 1);
                    text = text.Remove(position, length);
                    break;
                default:
                    text = text.Insert(position, Fragments[random.Next(Fragments.Length)]);
                    break;
            }
        }

        return text;
    }

    private static void AssertInvariants(string text)
    {
        var script = SqlScript.Parse(text);
        var lines = script.Lines;

        var expectedStart = 0;
        foreach (var token in script.Tokens)
        {
            Assert.AreEqual(expectedStart, token.Start, Describe(text));
            Assert.IsTrue(token.Length > 0, Describe(text));
            Assert.AreEqual(lines.GetPosition(token.Start), (token.Line, token.Column), Describe(text));
            expectedStart = token.End;
        }

        Assert.AreEqual(text.Length, script.Tokens.Length == 0 ? 0 : script.Tokens[^1].End, Describe(text));

        var previousEnd = 0;
        foreach (var statement in script.Statements)
        {
            Assert.IsTrue(statement.Start >= previousEnd && statement.End > statement.Start && statement.End <= text.Length, Describe(text));
            previousEnd = statement.End;
        }

        var diagnostics = SqlSyntaxChecker.Check("fuzz.sql", script);
        foreach (var diagnostic in diagnostics)
        {
            var (line, column) = (diagnostic.Location.Line, diagnostic.Location.Column);
            Assert.IsTrue(line >= 1 && line <= lines.LineCount, $"{diagnostic} in {Describe(text)}");
            Assert.IsTrue(column >= 1 && column <= lines.GetLineLength(line) + 1, $"{diagnostic} in {Describe(text)}");
        }

        var distinct = diagnostics.Select(d => (d.Code, d.Location.Line, d.Location.Column)).Distinct().Count();
        Assert.AreEqual(distinct, diagnostics.Count, $"a problem was reported twice in {Describe(text)}");
        Assert.IsTrue(diagnostics.Count(d => d.Code is "MIG0101" or "MIG0102" or "MIG0103" or "MIG0104") <= 1, Describe(text));
    }

    private static string Describe(string text) =>
        System.Text.Json.JsonSerializer.Serialize(text.Length > 400 ? text[..400] + "…" : text);

    private static void RunWithDeadline(Action action)
    {
        var run = Task.Run(action);
        Assert.IsTrue(run.Wait(Deadline), $"did not finish within {Deadline}");
        run.GetAwaiter().GetResult();
    }
}
