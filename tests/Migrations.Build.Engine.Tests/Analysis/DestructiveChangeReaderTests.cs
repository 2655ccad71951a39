using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// Which statements the data-loss guard (MIG1011) looks at, and each name as written: the database resolves them, so
/// the reader keeps the schema only when one is written, plus the search_path the script set before the statement.
/// </summary>
[TestClass]
public sealed class DestructiveChangeReaderTests
{
    private static string[] Read(string sql) =>
        DestructiveChangeReader.Read(new ClassifiedScript(SqlScript.Parse(sql))).Select(change =>
            $"{change.Kind} {change.Name}"
            + (change.Column is null ? string.Empty : $" column {change.Column}")
            + (change.IsCascade ? " cascade" : string.Empty)
            + (change.SearchPath is null ? string.Empty : $" path [{string.Join(",", change.SearchPath)}]")
            + $" at {change.Statement.Line}").ToArray();

    [TestMethod]
    public void Every_table_a_drop_or_truncate_lists_is_read_with_its_quoting_and_schema()
    {
        string[] expected =
        [
            "DropTable a cascade at 1",
            "DropTable billing.\"Invoices\" cascade at 1",
            "DropTable \"Odd Name\" cascade at 1",
            "Truncate x at 2",
            "Truncate billing.y at 2",
            "Truncate z cascade at 3",
        ];
        CollectionAssert.AreEqual(expected, Read(
            "drop table if exists a, Billing.\"Invoices\", \"Odd Name\" cascade;\ntruncate table only x, billing.y * restart identity;\ntruncate z cascade;\n"));
    }

    [TestMethod]
    public void Dropped_columns_are_read_from_every_alter_table_action()
    {
        string[] expected =
        [
            "DropColumn customers column notes at 1",
            "DropColumn customers column Flag at 1",
            "DropColumn billing.invoices column total at 2",
        ];
        CollectionAssert.AreEqual(expected, Read(
            "alter table customers drop column notes, add column x int, drop column if exists \"Flag\" cascade;\nalter table if exists only billing.invoices drop total;\n"));
    }

    [TestMethod]
    public void Schemas_and_types_count_only_when_dropped_with_cascade()
    {
        // Without CASCADE, PostgreSQL refuses to drop a schema that holds tables or a type that columns use.
        string[] expected =
        [
            "DropSchemaCascade billing cascade at 2",
            "DropSchemaCascade audit cascade at 2",
            "DropTypeCascade mood cascade at 4",
            "DropTypeCascade public.positive cascade at 5",
        ];
        CollectionAssert.AreEqual(expected, Read(
            "drop schema billing;\ndrop schema if exists billing, audit cascade;\ndrop type mood;\ndrop type mood cascade;\ndrop domain public.positive cascade;\n"));
    }

    [TestMethod]
    public void Unqualified_names_carry_the_search_path_the_script_set_before_them()
    {
        string[] expected =
        [
            "DropTable a at 1",
            "DropTable b path [billing,public] at 3",
            "DropTable c path [$user,public] at 5",
        ];
        CollectionAssert.AreEqual(expected, Read(
            "drop table a;\nset search_path to billing, public;\ndrop table b;\nset search_path to default;\ndrop table c;\n"));
    }

    [TestMethod]
    public void Statements_that_hold_no_data_of_their_own_are_ignored()
    {
        Assert.AreEqual(0, Read(
            "drop view v;\ndrop materialized view m;\ndrop index i;\ndrop sequence s;\ndrop function f();\ndelete from t;\nalter table t drop constraint c;\n").Length);
    }
}
