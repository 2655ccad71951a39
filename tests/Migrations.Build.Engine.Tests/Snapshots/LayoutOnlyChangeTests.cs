using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Tests.Snapshots;

/// <summary>Routine and view definitions that differ only in whitespace say so; anything else is a real difference.</summary>
[TestClass]
public sealed class LayoutOnlyChangeTests
{
    private static string Function(string body, string language = "plpgsql") =>
        $"CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE {language}\nAS $function${body}$function$\n";

    private static string[] Lines(string kind, string name, string expected, string actual) =>
    [
        .. SchemaDiff.Compare(
            SchemaSnapshot.Create([new SnapshotObject(kind, name, "schema public", [new("definition", expected)])]),
            SchemaSnapshot.Create([new SnapshotObject(kind, name, "schema public", [new("definition", actual)])]),
            "before",
            "after rollback").Select(difference => difference.Text),
    ];

    [TestMethod]
    public void A_reindented_function_body_differs_only_in_whitespace()
    {
        var expected = Function("\nbegin\n  return 1;\nend\n");
        var actual = Function("\r\nbegin\r\n\treturn   1 ;\r\nend\r\n");

        DiffAssert.Lines(Lines("function", "public.f()", expected, actual), "function public.f(): body differs only in whitespace");
    }

    [TestMethod]
    public void A_procedure_body_is_compared_the_same_way()
    {
        var expected = "CREATE OR REPLACE PROCEDURE public.p()\n LANGUAGE sql\nAS $procedure$insert into t values (1)$procedure$\n";
        var actual = "CREATE OR REPLACE PROCEDURE public.p()\n LANGUAGE sql\nAS $procedure$\n  insert into t\n  values (1)\n$procedure$\n";

        DiffAssert.Lines(Lines("procedure", "public.p()", expected, actual), "procedure public.p(): body differs only in whitespace");
    }

    [TestMethod]
    public void Spaces_between_tokens_do_not_count_but_spaces_that_split_a_token_do()
    {
        Assert.IsTrue(LayoutOnlyChange.Between(Function(" begin return x+1; end "), Function(" begin return x + 1; end ")));
        Assert.IsFalse(LayoutOnlyChange.Between(Function(" begin return ab; end "), Function(" begin return a b; end ")));
    }

    [TestMethod]
    public void Spaces_inside_a_string_literal_are_a_real_difference()
    {
        var expected = Function("\nbegin\n  raise notice 'a b';\n  return 1;\nend\n");
        var actual = Function("\nbegin\n  raise notice 'a  b';\n  return 1;\nend\n");

        var lines = Lines("function", "public.f()", expected, actual);

        Assert.AreEqual(1, lines.Length, string.Join("\n", lines));
        StringAssert.StartsWith(lines[0], "function public.f(): definition differs at line 6: \"raise notice 'a  b';\"");
    }

    [TestMethod]
    public void Spaces_inside_a_dollar_quote_within_the_body_are_a_real_difference()
    {
        var expected = Function("\nbegin\n  execute $q$select  1$q$;\n  return 1;\nend\n");
        var actual = Function("\nbegin\n  execute $q$select 1$q$;\n  return 1;\nend\n");

        Assert.IsFalse(LayoutOnlyChange.Between(expected, actual));
    }

    [TestMethod]
    public void A_changed_comment_is_a_real_difference_but_trailing_spaces_after_one_are_not()
    {
        var expected = Function("\nbegin\n  -- the answer\n  return 1;\nend\n");

        Assert.IsFalse(LayoutOnlyChange.Between(expected, Function("\nbegin\n  -- the old answer\n  return 1;\nend\n")));
        Assert.IsTrue(LayoutOnlyChange.Between(expected, Function("\nbegin\n    -- the answer   \n  return 1;\nend\n")));
    }

    [TestMethod]
    public void A_body_in_a_language_where_indentation_is_syntax_is_compared_as_written()
    {
        var expected = Function("\nif x:\n    return 1\nreturn 2\n", "plpython3u");
        var actual = Function("\nif x:\n    return 1\n    return 2\n", "plpython3u");

        Assert.IsFalse(LayoutOnlyChange.Between(expected, actual));
    }

    [TestMethod]
    public void A_view_definition_laid_out_differently_differs_only_in_whitespace()
    {
        var lines = Lines("view", "public.v", " SELECT id,\n    title\n   FROM post;", " SELECT id, title\n FROM post;");

        DiffAssert.Lines(lines, "view public.v: definition differs only in whitespace");
    }

    [TestMethod]
    public void Other_definitions_and_identical_texts_are_not_layout_changes()
    {
        Assert.IsFalse(LayoutOnlyChange.Between("select 1", "select 1"));
        Assert.IsFalse(LayoutOnlyChange.Applies("index", "definition"));
        Assert.IsFalse(LayoutOnlyChange.Applies("function", "owner"));
        Assert.IsTrue(LayoutOnlyChange.Applies("materialized view", "definition"));
    }
}
