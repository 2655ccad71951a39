namespace Migrations.Build.Engine.Tests.Snapshots;

internal static class DiffAssert
{
    /// <summary>Compares whole listings, so a failure shows every line that was reported, not just the first mismatch.</summary>
    public static void Lines(string[] actual, params string[] expected)
    {
        var expectedText = string.Join('\n', expected);
        var actualText = string.Join('\n', actual);
        Assert.AreEqual(expectedText, actualText, $"\nexpected:\n{expectedText}\nactual:\n{actualText}\n");
    }
}
