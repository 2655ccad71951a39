using Migrations.Build.Engine.Sql;
using Migrations.Build.Engine.Supabase;

namespace Migrations.Build.Engine.Tests.Supabase;

[TestClass]
public sealed class SupabaseStatementsTests
{
    [TestMethod]
    [DataRow("create table a (id int);\n", new[] { "create table a (id int)" })]
    [DataRow("-- the customers\ncreate table a (id int);\n\ncreate table b (id int);", new[] { "-- the customers\ncreate table a (id int)", "create table b (id int)" })]
    [DataRow("insert into a values ('x;y');\ncreate function f() returns int language sql as $$ select 1; $$;\n", new[] { "insert into a values ('x;y')", "create function f() returns int language sql as $$ select 1; $$" })]
    [DataRow("select 1;;\n-- trailing note\n", new[] { "select 1", "-- trailing note" })]
    [DataRow("/* a; b */ select 1 ;  \n  ", new[] { "/* a; b */ select 1" })]
    public void Splits_as_the_CLI_stores_statements(string text, string[] expected)
    {
        CollectionAssert.AreEqual(expected, SupabaseStatements.Split(SqlScript.Parse(text)).ToArray());
    }
}
