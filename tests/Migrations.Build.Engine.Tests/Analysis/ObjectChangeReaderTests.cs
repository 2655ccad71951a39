using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// The objects each statement creates and drops, as the rollback analysis reads them from the classified statements
/// (the same classifications the safety lint reads), with names resolved against the script's search_path.
/// </summary>
[TestClass]
public sealed class ObjectChangeReaderTests
{
    /// <summary>Each change as +/- (created/removed), the object, where it points, and what it depends on or how it is dropped.</summary>
    private static string[] Read(string sql) =>
        ObjectChangeReader.Read(new ClassifiedScript(SqlScript.Parse(sql)).Statements).Select(change => change switch
        {
            ObjectCreation creation => $"+ {creation.Object.Describe()} ({creation.Token.Line},{creation.Token.Column})"
                + string.Concat(creation.References.Select(reference => $" [{reference.Reason} {reference.Schema}.{reference.Name}]")),
            ObjectRemoval removal => $"- {removal.Object.Describe()} ({removal.Token.Line},{removal.Token.Column})"
                + (removal.IsCascade ? " cascade" : string.Empty) + (removal.IfExists ? " if-exists" : string.Empty),
            _ => throw new InvalidOperationException(),
        }).ToArray();

    [TestMethod]
    public void Creations_resolve_unqualified_names_against_the_search_path()
    {
        string[] expected =
        [
            "+ table billing.t (2,14) [ColumnType billing.int] [ColumnType billing.int] [ForeignKey billing.u]",
            "+ unnamed index on billing.t (3,1)",
            "+ column public.t.c (4,33) [ColumnType billing.int]",
            "+ constraint t_c_check on public.t (4,55)",
            "+ row level security on public.t (4,80)",
        ];
        CollectionAssert.AreEqual(expected, Read(
            "set search_path to billing;\ncreate table t (id int, u_id int references u);\ncreate index on t (u_id);\n"
            + "alter table public.t add column c int, add constraint t_c_check check (c > 0), enable row level security;"));
    }

    [TestMethod]
    public void Removals_point_at_each_name_they_drop()
    {
        string[] expected =
        [
            "- function s.f(integer) (1,25) cascade if-exists",
            "- function s.g (1,35) cascade if-exists",
            "- trigger tr on t (2,14)",
            "- column t.c (3,15)",
            "- row level security on t (3,30)",
        ];
        CollectionAssert.AreEqual(expected, Read(
            "drop function if exists s.f(int), s.g cascade;\ndrop trigger tr on t;\nalter table t drop column c, disable row level security;"));
    }

    [TestMethod]
    [DataRow("create temp table scratch (id int);")]
    [DataRow("create publication pub for table t;")]
    [DataRow("drop database shop;")]
    [DataRow("alter table t rename column a to b, alter column c type text;")]
    [DataRow("comment on table t is 'x';")]
    [DataRow("create index ix;")]
    public void Statements_the_rollback_need_not_undo_change_nothing(string sql) => Assert.IsEmpty(Read(sql));
}
