using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Tests.Operations;

[TestClass]
public sealed class OperationContextTests
{
    private sealed class SilentLog : IOperationLog
    {
        public void Info(string message) { }

        public void Important(string message) { }

        public void Report(Diagnostic diagnostic) { }
    }

    [TestMethod]
    public void Printing_a_context_never_shows_its_connection_string()
    {
        var context = new OperationContext("Production", "Host=db;Username=deploy;Password=s3cr3t-p@ss", HistoryLocation.Default, new ExecutionSettings(), TimeSpan.FromSeconds(60), new SilentLog());

        var text = context.ToString();

        Assert.DoesNotContain("s3cr3t-p@ss", text);
        StringAssert.Contains(text, "EnvironmentName = Production");
    }
}
