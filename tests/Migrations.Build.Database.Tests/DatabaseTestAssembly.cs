using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests;

[TestClass]
public static class DatabaseTestAssembly
{
    /// <summary>Stops the cluster explicitly; the process-exit hook is only the fallback.</summary>
    [AssemblyCleanup]
    public static Task StopServerAsync() => PostgresServer.StopAsync();
}
