using Migrations.Build.Engine.Text;

namespace Migrations.Build.Engine.Tests.Text;

[TestClass]
public sealed class EditDistanceTests
{
    [TestMethod]
    [DataRow("", "", 0)]
    [DataRow("", "abc", 3)]
    [DataRow("abc", "", 3)]
    [DataRow("create", "CREATE", 0)]
    [DataRow("crate", "create", 1)]
    [DataRow("alterr", "alter", 1)]
    [DataRow("grnat", "grant", 1)]
    [DataRow("ab", "ba", 1)]
    [DataRow("disbale", "disable", 1)]
    [DataRow("kitten", "sitting", 3)]
    // Optimal string alignment edits no substring twice: "ca" → "ac" → "abc" would be 2, but it counts 3.
    [DataRow("ca", "abc", 3)]
    [DataRow("ssl", "sslmode", 4)]
    public void Counts_insertions_deletions_substitutions_and_adjacent_swaps_ignoring_case(string source, string target, int expected)
    {
        Assert.AreEqual(expected, EditDistance.IgnoringCase(source, target));
        Assert.AreEqual(expected, EditDistance.IgnoringCase(target, source), "symmetric");
    }
}
