using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Tests.Local;

/// <summary>
/// Source selection with every source switched off by configuration, so nothing is probed or started. The case that
/// asks Docker stays with the database tests: on a machine with Docker it starts a container.
/// </summary>
[TestClass]
public sealed class NoLocalServerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Docker_can_be_left_out_by_configuration()
    {
        var options = new ThrowawayServerOptions { ReadVariable = _ => null, UseDocker = false, BinDirectories = [] };

        var start = await ThrowawayServer.StartAsync(options, TestContext.CancellationToken);

        Assert.IsFalse(start.Started);
        Assert.AreEqual("disabled by configuration.", start.Unavailable.Skipped[1].Reason);
        StringAssert.Contains(start.Unavailable.Skipped[2].Reason, "the configuration lists no bin directory");
    }
}
