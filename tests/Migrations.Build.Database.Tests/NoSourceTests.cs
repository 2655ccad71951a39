using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests;

[TestClass]
public sealed class NoSourceTests
{
    private const string BogusBinDirectory = "/nonexistent/postgresql/bin";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task NothingConfiguredExplainsAllThreeSources()
    {
        var options = new PostgresServerOptions { DatabaseUrl = null, UseTestcontainers = false, BinDirectories = [BogusBinDirectory] };

        var exception = await Assert.ThrowsExactlyAsync<PostgresServerUnavailableException>(
            () => PostgresServerResolver.StartAsync(options, TestContext.CancellationToken));

        TestContext.WriteLine(exception.Message);
        CollectionAssert.AreEqual(
            new[] { PostgresServerSource.DatabaseUrl, PostgresServerSource.Testcontainers, PostgresServerSource.LocalCluster },
            exception.Failures.Select(failure => failure.Source).ToArray());
        StringAssert.Contains(exception.Message, PostgresServerOptions.DatabaseUrlVariable);
        StringAssert.Contains(exception.Message, "Testcontainers");
        StringAssert.Contains(exception.Message, "Docker");
        StringAssert.Contains(exception.Message, BogusBinDirectory);
        StringAssert.Contains(exception.Message, $"{BogusBinDirectory} (from configuration) does not exist");
        StringAssert.Contains(exception.Message, "apt-get install postgresql");
    }

    [TestMethod]
    [DataRow("postgres://someone:hunter2-secret@127.0.0.1:1/db?connect_timeout=3")]
    [DataRow("Host=127.0.0.1;Port=1;Username=someone;Password=hunter2-secret;Timeout=3")]
    public async Task UnreachableUrlIsReportedWithoutItsPassword(string databaseUrl)
    {
        var options = new PostgresServerOptions { DatabaseUrl = databaseUrl, UseTestcontainers = false, BinDirectories = [BogusBinDirectory] };

        var exception = await Assert.ThrowsExactlyAsync<PostgresServerUnavailableException>(
            () => PostgresServerResolver.StartAsync(options, TestContext.CancellationToken));

        TestContext.WriteLine(exception.Message);
        StringAssert.Contains(exception.Failures[0].Reason, "unusable");
        Assert.HasCount(1, exception.Failures, "a URL that was set but fails must not fall back to other sources");
        Assert.DoesNotContain("hunter2-secret", exception.Message);
        Assert.DoesNotContain("hunter2-secret", exception.ToString());
    }
}
