using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Analysis;

[TestClass]
public sealed class RoutineArgumentsTests
{
    private static string Normalize(string arguments, bool isProcedure = false)
    {
        var script = SqlScript.Parse($"select ({arguments});");
        var tokens = new List<SqlToken>();
        foreach (var token in script.Statements[0].SignificantTokens)
        {
            tokens.Add(token);
        }

        // select ( … ) ; — the argument list is what stands between the parentheses.
        return RoutineArguments.Normalize(script.Text, tokens[2..^2], isProcedure);
    }

    [TestMethod]
    [DataRow("", "")]
    [DataRow("int", "integer")]
    [DataRow("p_id INT4", "integer")]
    [DataRow("in p_id integer default 0", "integer")]
    [DataRow("a int = 1, b text", "integer, text")]
    [DataRow("bigint, int8", "bigint, bigint")]
    [DataRow("varchar(20), character varying", "character varying, character varying")]
    [DataRow("note character  varying(10)", "character varying")]
    [DataRow("bool, boolean", "boolean, boolean")]
    [DataRow("at timestamptz, timestamp with time zone", "timestamp with time zone, timestamp with time zone")]
    [DataRow("timestamp, time", "timestamp without time zone, time without time zone")]
    [DataRow("double precision, float8", "double precision, double precision")]
    [DataRow("ids int[], tags text[]", "integer[], text[]")]
    [DataRow("s billing.status, \"Mixed\".\"Type\"", "billing.status, \"Mixed\".\"Type\"")]
    [DataRow("pg_catalog.int4", "integer")]
    [DataRow("variadic parts text[]", "text[]")]
    [DataRow("inout n int, out total bigint", "integer")]
    [DataRow("time time", "time without time zone")]
    public void Spellings_of_the_same_signature_normalise_alike(string arguments, string expected) =>
        Assert.AreEqual(expected, Normalize(arguments));

    [TestMethod]
    public void A_procedures_out_arguments_are_part_of_its_signature() =>
        Assert.AreEqual("integer, bigint", Normalize("inout n int, out total bigint", isProcedure: true));
}
