namespace Migrations.Build.EndToEnd.Tests;

/// <summary>Assertions on what a build printed, in the canonical form compilers and MSBuild use.</summary>
internal static class BuildAssert
{
    public static void Succeeded(DotnetResult result)
    {
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.IsFalse(result.Output.Contains(": error ", StringComparison.Ordinal), result.ToString());
    }

    public static void Failed(DotnetResult result) => Assert.AreNotEqual(0, result.ExitCode, result.ToString());

    /// <summary>
    /// Asserts the exact canonical line <c>path(line,col): error CODE: message [project]</c>; the message may be
    /// given in full or as its beginning (ending in "…").
    /// </summary>
    public static void HasDiagnostic(DotnetResult result, string kind, string path, int line, int column, string code, string message, string projectPath)
    {
        var prefix = $"{path}({line},{column}): {kind} {code}: ";
        var lines = result.Lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.IsNotEmpty(lines, $"Expected a line starting with '{prefix}'.{Environment.NewLine}{result}");
        var suffix = $" [{projectPath}]";
        if (message.EndsWith('…'))
        {
            Assert.IsTrue(lines.Any(l => l.StartsWith(prefix + message[..^1], StringComparison.Ordinal) && l.EndsWith(suffix, StringComparison.Ordinal)), result.ToString());
        }
        else
        {
            CollectionAssert.Contains(lines, prefix + message + suffix, result.ToString());
        }
    }
}
