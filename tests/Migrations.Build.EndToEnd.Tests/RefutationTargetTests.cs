namespace Migrations.Build.EndToEnd.Tests;

/// <summary>TestMigration through the packed SDK: a rollback that only moves a column, refused by default and accepted by MigrationsIgnoreColumnOrder.</summary>
[TestClass]
public sealed class RefutationTargetTests
{
    private const string Posts = "20250210000000_posts";
    private const string DropKeywords = "20250301000000_drop_keywords";

    private static readonly Dictionary<string, string> NoVariables = new();

    [TestMethod]
    public void A_rollback_that_only_moves_a_column_is_MIG1027_an_error_unless_MigrationsIgnoreColumnOrder_is_true()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write($"migrations/{Posts}.sql", "create table post (id int primary key, title text not null, keywords text[], body text);\n");
        project.Write($"migrations/{Posts}_rollback.sql", "drop table post;\n");
        project.Write($"migrations/{DropKeywords}.sql", "-- migrations:disable-file MIG0306 nothing reads it any more\nalter table post drop column keywords;\n");
        var rollback = project.Write($"migrations/{DropKeywords}_rollback.sql", "alter table post add column keywords text[];\n");

        var refused = project.Msbuild("TestMigration", NoVariables);

        BuildAssert.Failed(refused);
        BuildAssert.HasDiagnostic(refused, "error", rollback, 1, 1, "MIG1027", $"The rollback of {DropKeywords} did not restore the schema: only the order of columns differs (1 column moved); …", project.ProjectPath);
        Assert.IsTrue(refused.Lines.Any(line => line.Contains("error MIG1027:     column public.post.keywords: position 4, was 3", StringComparison.Ordinal)), refused.ToString());
        var fileLine = refused.Lines.First(line => line.Contains("error MIG1027:     full list: ", StringComparison.Ordinal));
        var file = fileLine[(fileLine.IndexOf("full list: ", StringComparison.Ordinal) + "full list: ".Length)..fileLine.LastIndexOf(" [", StringComparison.Ordinal)];
        StringAssert.StartsWith(file, Path.Combine(project.ProjectDirectory, "obj") + Path.DirectorySeparatorChar);
        CollectionAssert.Contains(File.ReadAllLines(file), "column public.post.keywords: position 4, was 3");

        var accepted = project.Msbuild("TestMigration", NoVariables, "-p:MigrationsIgnoreColumnOrder=true");

        BuildAssert.Succeeded(accepted);
        BuildAssert.HasDiagnostic(accepted, "warning", rollback, 1, 1, "MIG1027", $"The rollback of {DropKeywords} did not restore the schema: only the order of columns differs (1 column moved); MigrationsIgnoreColumnOrder=true, so the proof stands:", project.ProjectPath);
        StringAssert.Contains(accepted.Output, $"Proved {DropKeywords} on Local in ");
    }

    [TestMethod]
    public void A_value_that_is_not_true_or_false_is_MIG1019()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write($"migrations/{Posts}.sql", "create table post (id int primary key);\n");
        project.Write($"migrations/{Posts}_rollback.sql", "drop table post;\n");

        var result = project.Msbuild("TestMigration", NoVariables, "-p:MigrationsIgnoreWhitespace=yes");

        BuildAssert.Failed(result);
        StringAssert.Contains(result.Output, "error MIG1019: MigrationsIgnoreWhitespace 'yes' is not true or false;");
    }
}
