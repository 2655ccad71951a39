using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Snapshots;
using Migrations.Build.Engine.Verification;

namespace Migrations.Build.Engine.Tests.Verification;

/// <summary>
/// What a failed comparison reports: MIG1009 for real differences, heaviest first; MIG1027 / MIG1028 when only column
/// order or whitespace differs, errors unless the project accepts them; the full list in a file whose path is printed.
/// </summary>
[TestClass]
public sealed class RollbackRefutationTests
{
    private const string Rollback = "/p/migrations/20250301000000_post_rollback.sql";
    private const string Summary = "The rollback of 20250301000000_post did not restore the schema";
    private const string Fix = "make the rollback undo exactly what the forward does";

    private string folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("refutation-").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    private static SchemaDifference Missing(string kind, string name) => new(SchemaDifferenceKind.Missing, kind, name, null, null, null, "before", "after rollback");

    private static SchemaDifference Moved(string column, int now, int was) =>
        new(SchemaDifferenceKind.Moved, "column", column, "position", was.ToString(System.Globalization.CultureInfo.InvariantCulture), now.ToString(System.Globalization.CultureInfo.InvariantCulture), "before", "after rollback");

    private static SchemaDifference Reformatted(string function) => new(SchemaDifferenceKind.Reformatted, "function", function, "definition", "a", "b", "before", "after rollback");

    private static SchemaDifference Changed(string kind, string name, string property, string expected, string actual) =>
        new(SchemaDifferenceKind.Changed, kind, name, property, expected, actual, "before", "after rollback");

    private IReadOnlyList<Diagnostic> Judge(RefutationOptions options, params SchemaDifference[] differences) =>
        new RollbackRefutation(options).Judge(Rollback, Summary, Fix, "20250301000000_post", differences);

    private static string[] MessageLines(Diagnostic diagnostic) => diagnostic.Message.Split(Environment.NewLine);

    [TestMethod]
    public void No_difference_is_no_diagnostic()
    {
        Assert.IsEmpty(Judge(RefutationOptions.Strict));
    }

    [TestMethod]
    public void A_missing_trigger_is_listed_before_a_moved_column_in_one_MIG1009()
    {
        // As SchemaDiff orders them: by kind (columns before triggers).
        var diagnostics = Judge(RefutationOptions.Strict, Moved("public.post.keywords", 9, 4), Missing("trigger", "post_touch on public.post"));

        var diagnostic = diagnostics.Single();
        Assert.AreEqual("MIG1009", diagnostic.Code);
        Assert.IsTrue(diagnostic.IsError);
        Assert.AreEqual(SourceLocation.StartOf(Rollback), diagnostic.Location);
        CollectionAssert.AreEqual(
            new[]
            {
                Summary + " (2 differences); " + Fix + ":",
                "    trigger post_touch on public.post: missing",
                "    column public.post.keywords: position 9, was 4",
            },
            MessageLines(diagnostic));
    }

    [TestMethod]
    public void Differences_are_listed_objects_then_definitions_then_properties_then_whitespace_then_order()
    {
        var diagnostic = Judge(
            RefutationOptions.Strict,
            Moved("public.post.keywords", 9, 4),
            Changed("column", "public.post.title", "nullable", "false", "true"),
            Changed("view", "public.recent", "definition", "SELECT 1", "SELECT 2"),
            Reformatted("public.f()"),
            Missing("trigger", "post_touch on public.post")).Single();

        CollectionAssert.AreEqual(
            new[]
            {
                "    trigger post_touch on public.post: missing",
                "    view public.recent: definition SELECT 2, expected SELECT 1",
                "    column public.post.title: nullable true, expected false",
                "    function public.f(): body differs only in whitespace",
                "    column public.post.keywords: position 9, was 4",
            },
            MessageLines(diagnostic).Skip(1).ToArray());
    }

    [TestMethod]
    public void Only_moved_columns_is_MIG1027_an_error_by_default()
    {
        var diagnostic = Judge(RefutationOptions.Strict, Moved("public.post.keywords", 9, 4)).Single();

        Assert.AreEqual("MIG1027", diagnostic.Code);
        Assert.IsTrue(diagnostic.IsError);
        StringAssert.StartsWith(diagnostic.Message, Summary + ": only the order of columns differs (1 column moved);");
        StringAssert.Contains(diagnostic.Message, "set MigrationsIgnoreColumnOrder=true");
        Assert.AreEqual("    column public.post.keywords: position 9, was 4", MessageLines(diagnostic)[1]);
    }

    [TestMethod]
    public void Only_moved_columns_with_MigrationsIgnoreColumnOrder_is_a_MIG1027_warning()
    {
        var diagnostic = Judge(new RefutationOptions(true, false, null), Moved("public.post.keywords", 9, 4), Moved("public.post.slug", 2, 8)).Single();

        Assert.AreEqual("MIG1027", diagnostic.Code);
        Assert.IsFalse(diagnostic.IsError);
        StringAssert.StartsWith(diagnostic.Message, Summary + ": only the order of columns differs (2 columns moved); MigrationsIgnoreColumnOrder=true, so the proof stands:");
    }

    [TestMethod]
    public void Only_whitespace_is_MIG1028_an_error_by_default_and_a_warning_when_accepted()
    {
        var strict = Judge(RefutationOptions.Strict, Reformatted("public.f()")).Single();
        var accepting = Judge(new RefutationOptions(false, true, null), Reformatted("public.f()")).Single();

        Assert.AreEqual(("MIG1028", true), (strict.Code, strict.IsError));
        StringAssert.Contains(strict.Message, "set MigrationsIgnoreWhitespace=true");
        Assert.AreEqual("    function public.f(): body differs only in whitespace", MessageLines(strict)[1]);
        Assert.AreEqual(("MIG1028", false), (accepting.Code, accepting.IsError));
    }

    [TestMethod]
    public void Order_and_whitespace_together_each_get_their_code_and_only_the_accepted_one_is_a_warning()
    {
        var diagnostics = Judge(new RefutationOptions(true, false, null), Reformatted("public.f()"), Moved("public.post.keywords", 9, 4));

        CollectionAssert.AreEqual(new[] { ("MIG1027", false), ("MIG1028", true) }, diagnostics.Select(d => (d.Code, d.IsError)).ToArray());
    }

    [TestMethod]
    public void Real_differences_leave_the_accepted_kinds_out_of_the_message_but_say_so()
    {
        var diagnostic = Judge(new RefutationOptions(true, false, folder), Moved("public.post.keywords", 9, 4), Missing("trigger", "post_touch on public.post")).Single();

        Assert.AreEqual("MIG1009", diagnostic.Code);
        var file = Path.Combine(folder, "20250301000000_post-differences.txt");
        CollectionAssert.AreEqual(
            new[]
            {
                Summary + " (1 difference); " + Fix + ":",
                "    trigger post_touch on public.post: missing",
                "    (1 difference in column order or whitespace not listed: accepted by MigrationsIgnoreColumnOrder)",
                "    full list: " + file,
            },
            MessageLines(diagnostic));
        CollectionAssert.Contains(File.ReadAllLines(file), "column public.post.keywords: position 9, was 4");
    }

    [TestMethod]
    public void Past_25_lines_the_message_counts_the_rest_and_the_file_holds_every_line()
    {
        var differences = Enumerable.Range(1, 80).Select(index => Missing("table", $"public.t{index:D2}")).ToArray();

        var diagnostic = Judge(new RefutationOptions(false, false, folder), differences).Single();

        var lines = MessageLines(diagnostic);
        var file = Path.Combine(folder, "20250301000000_post-differences.txt");
        Assert.AreEqual(1 + 25 + 2, lines.Length, diagnostic.Message);
        Assert.AreEqual("    table public.t25: missing", lines[25]);
        Assert.AreEqual("    … and 55 more", lines[26]);
        Assert.AreEqual("    full list: " + file, lines[27]);
        var written = File.ReadAllLines(file);
        Assert.AreEqual(Summary + ": 80 differences, the ones to act on first.", written[0]);
        CollectionAssert.AreEqual(differences.Select(d => d.Text).ToArray(), written.Skip(2).ToArray());
    }

    [TestMethod]
    public void Without_a_folder_for_the_file_every_line_is_printed()
    {
        var differences = Enumerable.Range(1, 30).Select(index => Missing("table", $"public.t{index:D2}")).ToArray();

        var lines = MessageLines(Judge(RefutationOptions.Strict, differences).Single());

        Assert.AreEqual(31, lines.Length);
        Assert.AreEqual("    table public.t30: missing", lines[30]);
    }

    [TestMethod]
    public void When_the_file_cannot_be_written_every_line_is_printed_and_the_message_says_why()
    {
        var blocked = Path.Combine(folder, "not-a-folder");
        File.WriteAllText(blocked, "a file where the folder should be");
        var differences = Enumerable.Range(1, 30).Select(index => Missing("table", $"public.t{index:D2}")).ToArray();

        var lines = MessageLines(Judge(new RefutationOptions(false, false, blocked), differences).Single());

        Assert.AreEqual(32, lines.Length);
        Assert.AreEqual("    table public.t30: missing", lines[30]);
        StringAssert.StartsWith(lines[31], "    (the full list could not be written to " + Path.Combine(blocked, "20250301000000_post-differences.txt") + ": ");
    }
}
