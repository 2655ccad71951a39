using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Tests;

[TestClass]
public sealed class DiagnosticCatalogTests
{
    [TestMethod]
    public void Codes_are_unique_and_well_formed()
    {
        var codes = DiagnosticCatalog.All.Select(d => d.Code).ToList();
        CollectionAssert.AllItemsAreUnique(codes);
        foreach (var code in codes)
        {
            StringAssert.Matches(code, new System.Text.RegularExpressions.Regex("^MIG[0-9]{4}$"));
        }
    }
}
