namespace Migrations.Build.Database.Tests.Snapshots;

internal static class DiffAssert
{
    /// <summary>Compares whole listings, so a failure shows every line that was reported, not just the first mismatch.</summary>
    public static void Lines(string[] actual, params string[] expected) =>
        Assert.AreEqual(string.Join('\n', expected), string.Join('\n', actual));
}
