using Migrations.Build.Engine.Local;

namespace Migrations.Build.Database.Tests.Local;

[TestClass]
public sealed class NoLocalServerTests
{
    private const string BogusBinDirectory = "/nonexistent/postgresql/bin";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Nothing_available_is_MIG1001_explaining_all_three_options()
    {
        var options = new ThrowawayServerOptions { ReadVariable = _ => null, BinDirectories = [BogusBinDirectory] };

        var start = await ThrowawayServer.StartAsync(options, TestContext.CancellationToken);

        if (start.Started)
        {
            await start.Server.DisposeAsync();
            Assert.Inconclusive("Docker answered on this machine");
        }

        var diagnostic = start.Unavailable.ToDiagnostic();
        TestContext.WriteLine(diagnostic.ToString());
        Assert.AreEqual("MIG1001", diagnostic.Code);
        Assert.IsTrue(diagnostic.IsError);
        CollectionAssert.AreEqual(
            new[] { ThrowawayServerSource.Url, ThrowawayServerSource.Docker, ThrowawayServerSource.LocalBinaries },
            start.Unavailable.Skipped.Select(skipped => skipped.Source).ToArray());
        StringAssert.StartsWith(diagnostic.Message, "No throwaway PostgreSQL database is available for the Local environment.");
        StringAssert.Contains(diagnostic.Message, "1. MIGRATIONS_LOCAL_URL (an existing server): not set.");
        StringAssert.Contains(diagnostic.Message, "2. Docker via Testcontainers (postgres:15-alpine): Docker is not available");
        StringAssert.Contains(diagnostic.Message, "3. Local PostgreSQL server binaries (temporary cluster): ");
        StringAssert.Contains(diagnostic.Message, $"{BogusBinDirectory} (from configuration) does not exist");
        StringAssert.Contains(diagnostic.Message, "apt-get install postgresql");
        StringAssert.Contains(diagnostic.Message, "for a role that may CREATE and DROP DATABASE");
    }
}
