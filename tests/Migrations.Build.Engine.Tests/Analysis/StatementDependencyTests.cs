using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// What the classifier reads for the rollback analysis besides what the safety lint needs: every object a statement
/// names with where it is written and a routine's argument list, what a definition depends on, the identifiers an index
/// or constraint mentions, and CASCADE.
/// </summary>
[TestClass]
public sealed class StatementDependencyTests
{
    private static ClassifiedStatement Classify(string sql)
    {
        var script = SqlScript.Parse(sql);
        Assert.HasCount(1, script.Statements, sql);
        return StatementClassifier.Classify(script.Statements[0]);
    }

    private static string Describe(IReadOnlyList<NameReference> references) =>
        string.Join(", ", references.Select(reference => $"{reference.Reason} {reference.Name}"));

    [TestMethod]
    [DataRow("create table s.t (id int primary key, status s.status not null, u_id int references s.u (id), constraint t_v_fkey foreign key (v_id) references v);",
        "ColumnType int, ColumnType s.status, ColumnType int, ForeignKey s.u, ForeignKey v")]
    [DataRow("create table t (amount numeric(10, 2) check (amount > 0), like s.template including all);", "ColumnType numeric")]
    [DataRow("create table s.p1 partition of s.p for values in (1);", "PartitionOf s.p")]
    [DataRow("create table t as select * from s.u;", "")]
    [DataRow("create view v as select a from s.t;", "ViewQuery as, ViewQuery select, ViewQuery a, ViewQuery from, ViewQuery s.t")]
    [DataRow("create materialized view mv as table s.t with no data;", "ViewQuery as, ViewQuery table, ViewQuery s.t, ViewQuery with, ViewQuery no, ViewQuery data")]
    [DataRow("create trigger tr before update on s.t for each row when (old.a is distinct from new.a) execute function s.touch();", "TriggerFunction s.touch")]
    [DataRow("create event trigger et on ddl_command_start execute procedure s.log_ddl();", "TriggerFunction s.log_ddl")]
    [DataRow("create domain s.email as text check (value ~ '@');", "DomainBase text")]
    [DataRow("create domain positive int check (value > 0);", "DomainBase int")]
    [DataRow("create function f(a s.t) returns int language sql as $$ select 1 $$;", "")]
    [DataRow("create index ix on s.t (a);", "")]
    [DataRow("create table (id int);", "")]
    public void A_definition_lists_the_names_it_depends_on(string sql, string expected) =>
        Assert.AreEqual(expected, Describe(Classify(sql).References));

    [TestMethod]
    [DataRow("create function s.f(a int, b text default 'x') returns int language sql as $$ select a $$;", "s.f(integer, text)")]
    [DataRow("create or replace procedure p(inout n int8, out m int) language sql as $$ select 1, 2 $$;", "p(bigint, integer)")]
    [DataRow("create function f returns int language sql as $$ select 1 $$;", "f(null)")]
    [DataRow("drop function if exists f(int4), g, s.h(varchar(10)[]) cascade;", "f(integer) g(null) s.h(character varying[])")]
    [DataRow("drop function f(out n int);", "f()")]
    [DataRow("drop procedure p(out n int);", "p(integer)")]
    [DataRow("drop table a, s.b;", "a(null) s.b(null)")]
    [DataRow("grant execute on function f(int) to app;", "f(integer)")]
    [DataRow("comment on function f(int) is 'x';", "f(null)")]
    public void Every_named_object_keeps_a_routines_arguments(string sql, string expected) =>
        Assert.AreEqual(expected, string.Join(" ", Classify(sql).Objects.Select(named => $"{named.Name}({named.Arguments ?? "null"})")));

    [TestMethod]
    public void Every_named_object_points_at_its_own_name()
    {
        var statement = Classify("drop table if exists\n  a,\n  s.\"B\";");
        Assert.AreEqual("(2,3) (3,3)", string.Join(" ", statement.Objects.Select(named => $"({named.Token.Line},{named.Token.Column})")));
        Assert.AreEqual((2, 3), (statement.NameToken!.Value.Line, statement.NameToken.Value.Column));
        CollectionAssert.AreEqual(new[] { "a", "s.\"B\"" }, statement.Names.Select(name => name.ToString()).ToArray());
    }

    [TestMethod]
    [DataRow("drop table a, b cascade;", true)]
    [DataRow("DROP SCHEMA s CASCADE;", true)]
    [DataRow("drop table a restrict;", false)]
    [DataRow("drop table cascade_log;", false)]
    [DataRow("create table t (id int);", false)]
    public void A_drop_says_whether_it_cascades(string sql, bool expected) => Assert.AreEqual(expected, Classify(sql).IsCascade);

    [TestMethod]
    [DataRow("create index ix on s.t (a, lower(b)) where c is null;", "on s t a lower b where c is null")]
    [DataRow("create index on t (\"A\");", "create index on t A")]
    [DataRow("create table t (a int);", "")]
    public void An_index_mentions_the_identifiers_after_its_name(string sql, string expected) =>
        Assert.AreEqual(expected, string.Join(" ", Classify(sql).MentionedColumns));

    [TestMethod]
    public void Alter_table_actions_carry_what_the_rollback_analysis_needs()
    {
        var statement = Classify(
            "alter table s.t\n  add column c s.status references u,\n  add constraint k foreign key (c) references s.v (id),\n  add check (d > 0),\n  drop column e cascade,\n  drop constraint f;");
        var actions = statement.AlterTableActions;
        Assert.HasCount(5, actions);

        Assert.AreEqual((2, 14), (actions[0].NameToken!.Value.Line, actions[0].NameToken!.Value.Column));
        Assert.AreEqual("ColumnType s.status, ForeignKey u", Describe(actions[0].References));
        Assert.IsEmpty(actions[0].MentionedColumns);

        Assert.AreEqual((3, 18), (actions[1].NameToken!.Value.Line, actions[1].NameToken!.Value.Column));
        Assert.AreEqual("ForeignKey s.v", Describe(actions[1].References));
        Assert.AreEqual("k foreign key c references s v id", string.Join(" ", actions[1].MentionedColumns));

        Assert.IsNull(actions[2].NameToken);
        Assert.AreEqual("check d", string.Join(" ", actions[2].MentionedColumns));

        Assert.IsTrue(actions[3].IsCascade);
        Assert.IsFalse(actions[4].IsCascade);
    }

    [TestMethod]
    public void An_add_column_without_a_name_has_no_name_token()
    {
        var action = Classify("alter table t add column;").AlterTableActions.Single();
        Assert.AreEqual(AlterTableActionKind.AddColumn, action.Kind);
        Assert.IsNull(action.ColumnName);
        Assert.IsNull(action.NameToken);
        Assert.IsEmpty(action.References);
    }
}
