using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Tests.Operations;

/// <summary>Pins a planner's refusal down completely: which code, where it points, and every word users read.</summary>
internal static class DiagnosticAssert
{
    public static void Is(Diagnostic actual, string code, SourceLocation location, string message)
    {
        Assert.AreEqual(code, actual.Code, actual.ToString());
        Assert.AreEqual(location, actual.Location, actual.ToString());
        Assert.AreEqual(message, actual.Message);
    }

    /// <summary>The one diagnostic there is, checked as <see cref="Is"/> does.</summary>
    public static void Single(IEnumerable<Diagnostic> actual, string code, SourceLocation location, string message)
    {
        var all = actual.ToList();
        Assert.HasCount(1, all, string.Join("\n", all));
        Is(all[0], code, location, message);
    }
}
