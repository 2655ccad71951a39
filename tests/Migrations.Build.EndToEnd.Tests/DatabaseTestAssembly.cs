using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

[TestClass]
public static class DatabaseTestAssembly
{
    /// <summary>Stops the throwaway PostgreSQL cluster, if the tests started one; the process-exit hook is only the fallback.</summary>
    [AssemblyCleanup]
    public static Task StopPostgres() => PostgresServer.StopAsync();
}
