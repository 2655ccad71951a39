using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Verification;

namespace Migrations.Build.Database.Tests.Verification;

/// <summary>
/// Real pairs whose rollback only moves a column or only re-lays-out a body (MIG1027 / MIG1028: errors unless the
/// project accepts them), and one that also forgets a trigger (MIG1009, the trigger first).
/// </summary>
[TestClass]
public sealed class RefutationTests
{
    private const string Posts = "20250210000000_posts";
    private const string Change = "20250301000000_change";

    private const string CreatePosts =
        "create table post (id int primary key, title text not null, keywords text[], body text);\n" +
        "create function touch() returns trigger language plpgsql as $$\nbegin\n  new.title := trim(new.title, ' -');\n  return new;\nend\n$$;\n" +
        "create trigger post_touch before update on post for each row execute function touch();\n";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    private static async Task<MigrationWorkspace> PostsWithAsync(string name, string forward, string rollback, CancellationToken cancellationToken, string alsoCreate = "")
    {
        var workspace = await MigrationWorkspace.CreateAsync(name, cancellationToken);
        workspace.WritePair(Posts, CreatePosts + alsoCreate, "drop view if exists recent;\ndrop table post;\ndrop function touch();\n");
        workspace.WritePair(Change, forward, rollback);
        Assert.IsTrue((await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), Posts, cancellationToken)).Succeeded, workspace.Log.ToString());
        workspace.NewLog();
        return workspace;
    }

    private static Task<OperationOutcome> TestAsync(MigrationWorkspace workspace, RefutationOptions options, CancellationToken cancellationToken) =>
        TestOperation.RunAsync(workspace.Context() with { Refutation = options }, workspace.Pairs(), null, cancellationToken);

    [TestMethod]
    public async Task A_rollback_that_re_adds_a_column_at_the_end_is_MIG1027_with_one_line()
    {
        await using var workspace = await PostsWithAsync("refute_order", "alter table post drop column keywords;\n", "alter table post add column keywords text[];\n", Cancel);

        var outcome = await TestAsync(workspace, RefutationOptions.Strict, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        var error = workspace.Log.Diagnostics.Single();
        Assert.AreEqual(("MIG1027", true), (error.Code, error.IsError));
        Assert.AreEqual(Path.Combine(workspace.Folder, Change + "_rollback.sql"), error.Location.FilePath);
        CollectionAssert.AreEqual(
            new[] { "    column public.post.keywords: position 4, was 3" },
            error.Message.Split(Environment.NewLine).Skip(1).ToArray());
        Assert.AreEqual("failed", await workspace.ScalarAsync("select status from migrations_build.history where operation = 'test' and name = 'change'"));
    }

    [TestMethod]
    public async Task With_MigrationsIgnoreColumnOrder_the_same_pair_is_proven_with_a_warning()
    {
        await using var workspace = await PostsWithAsync("refute_order_ok", "alter table post drop column keywords;\n", "alter table post add column keywords text[];\n", Cancel);

        var outcome = await TestAsync(workspace, new RefutationOptions(IgnoreColumnOrder: true, IgnoreWhitespace: false, null), Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        var warning = workspace.Log.Diagnostics.Single();
        Assert.AreEqual(("MIG1027", false), (warning.Code, warning.IsError));
        StringAssert.Contains(warning.Message, "MigrationsIgnoreColumnOrder=true, so the proof stands");
        Assert.AreEqual("succeeded", await workspace.ScalarAsync("select status from migrations_build.history where operation = 'test' and name = 'change'"));
    }

    [TestMethod]
    public async Task A_rollback_that_re_creates_a_function_with_other_indentation_is_MIG1028_unless_accepted()
    {
        const string Forward = "create or replace function touch() returns trigger language plpgsql as $$\nbegin\n  new.title := upper(trim(new.title));\n  return new;\nend\n$$;\n";
        const string Rollback = "create or replace function touch() returns trigger language plpgsql as $$\r\nbegin\r\n\tnew.title := trim( new.title,  ' -' );\r\n\treturn new;\r\nend\r\n$$;\n";
        await using var strict = await PostsWithAsync("refute_layout", Forward, Rollback, Cancel);
        await using var accepting = await PostsWithAsync("refute_layout_ok", Forward, Rollback, Cancel);

        var refused = await TestAsync(strict, RefutationOptions.Strict, Cancel);
        var proven = await TestAsync(accepting, new RefutationOptions(IgnoreColumnOrder: false, IgnoreWhitespace: true, null), Cancel);

        Assert.IsFalse(refused.Succeeded);
        var error = strict.Log.Diagnostics.Single();
        Assert.AreEqual(("MIG1028", true), (error.Code, error.IsError));
        Assert.AreEqual("    function public.touch(): body differs only in whitespace", error.Message.Split(Environment.NewLine)[1]);
        Assert.IsTrue(proven.Succeeded, accepting.Log.ToString());
        Assert.AreEqual(("MIG1028", false), (accepting.Log.Diagnostics.Single().Code, accepting.Log.Diagnostics.Single().IsError));
    }

    [TestMethod]
    public async Task Spaces_inside_a_string_literal_of_the_body_are_a_real_difference_even_when_whitespace_is_accepted()
    {
        await using var workspace = await PostsWithAsync(
            "refute_literal",
            "create or replace function touch() returns trigger language plpgsql as $$\nbegin\n  new.title := upper(trim(new.title, ' -'));\n  return new;\nend\n$$;\n",
            "create or replace function touch() returns trigger language plpgsql as $$\nbegin\n  new.title := trim(new.title, '  -');\n  return new;\nend\n$$;\n",
            Cancel);

        var outcome = await TestAsync(workspace, new RefutationOptions(IgnoreColumnOrder: true, IgnoreWhitespace: true, null), Cancel);

        Assert.IsFalse(outcome.Succeeded);
        StringAssert.Contains(workspace.Log.Diagnostics.Single(d => d.Code == "MIG1009").Message, "function public.touch(): definition differs at line 6");
    }

    [TestMethod]
    public async Task A_view_re_created_with_another_layout_is_proven_because_the_server_keeps_no_layout()
    {
        await using var workspace = await PostsWithAsync(
            "refute_view",
            "create or replace view recent as select id, title, body from post;\n",
            "drop view recent;\ncreate view recent as\n    select id,\n           title\n      from post;\n",
            Cancel,
            alsoCreate: "create view recent as select id, title from post;\n");

        var outcome = await TestAsync(workspace, RefutationOptions.Strict, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        Assert.IsEmpty(workspace.Log.Diagnostics);
    }

    [TestMethod]
    public async Task A_rollback_missing_a_trigger_and_moving_a_column_is_MIG1009_with_the_trigger_first_and_the_full_list_in_a_file()
    {
        var folder = Directory.CreateTempSubdirectory("refute-differences-").FullName;
        try
        {
            await using var workspace = await PostsWithAsync(
                "refute_mixed",
                "drop trigger post_touch on post;\nalter table post drop column keywords;\n",
                "alter table post add column keywords text[];\n",
                Cancel);

            var outcome = await TestAsync(workspace, new RefutationOptions(IgnoreColumnOrder: false, IgnoreWhitespace: false, folder), Cancel);

            Assert.IsFalse(outcome.Succeeded);
            var error = workspace.Log.Diagnostics.Single();
            Assert.AreEqual("MIG1009", error.Code);
            var file = Path.Combine(folder, Change + "-differences.txt");
            CollectionAssert.AreEqual(
                new[]
                {
                    $"The rollback of {Change} did not restore the schema (2 differences); make the rollback undo exactly what the forward does:",
                    "    trigger post_touch on public.post: missing",
                    "    column public.post.keywords: position 4, was 3",
                    "    full list: " + file,
                },
                error.Message.Split(Environment.NewLine));
            CollectionAssert.AreEqual(
                new[] { "trigger post_touch on public.post: missing", "column public.post.keywords: position 4, was 3" },
                File.ReadAllLines(file).Skip(2).ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
