using System.Text.RegularExpressions;
using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Tests;

/// <summary>docs/diagnostics.md and the catalog stay in step: every code has an anchored entry and no entry is stale.</summary>
[TestClass]
public sealed class DiagnosticsReferenceTests
{
    private static string ReadReference()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "docs", "diagnostics.md");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new InvalidOperationException("docs/diagnostics.md not found above " + AppContext.BaseDirectory);
    }

    [TestMethod]
    public void Every_code_has_an_anchored_entry_with_its_title_and_severity()
    {
        var reference = ReadReference();
        foreach (var descriptor in DiagnosticCatalog.All)
        {
            var anchor = descriptor.Code.ToLowerInvariant();
            Assert.IsTrue(reference.Contains($"<a id=\"{anchor}\"></a>", StringComparison.Ordinal), $"{descriptor.Code} has no anchor in docs/diagnostics.md");
            Assert.IsTrue(reference.Contains($"### {descriptor.Code}: ", StringComparison.Ordinal), $"{descriptor.Code} has no heading in docs/diagnostics.md");
            var severity = descriptor.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "warning";
            Assert.IsTrue(new Regex($@"\| \[{descriptor.Code}\]\(#{anchor}\) \| {severity} \|").IsMatch(reference), $"{descriptor.Code} is missing from the table in docs/diagnostics.md or has the wrong severity");
        }
    }

    [TestMethod]
    public void The_reference_documents_no_code_that_does_not_exist()
    {
        var documented = Regex.Matches(ReadReference(), "<a id=\"(mig[0-9]{4})\"></a>").Select(m => m.Groups[1].Value.ToUpperInvariant());

        foreach (var code in documented)
        {
            Assert.IsNotNull(DiagnosticCatalog.Find(code), $"docs/diagnostics.md documents {code}, which the catalog does not define");
        }
    }

    [TestMethod]
    public void Help_links_point_at_the_anchor()
    {
        Assert.EndsWith("docs/diagnostics.md#mig0001", DiagnosticCatalog.ForwardWithoutRollback.HelpLink);
    }
}
