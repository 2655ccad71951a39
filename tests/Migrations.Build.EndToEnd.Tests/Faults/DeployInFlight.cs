namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// A `dotnet msbuild -t:DeployMigration` to Staging caught in the act: started without waiting, and handed to the
/// fault only once its backend is inside pg_sleep, so whatever the fault does (kill the build, cut the connection,
/// restart the server) lands in the middle of a migration.
/// </summary>
internal sealed class DeployInFlight : IDisposable
{
    /// <summary>Restore, evaluation and validation come first; a loaded 2-core machine can take a while.</summary>
    private static readonly TimeSpan ReachSleepDeadline = TimeSpan.FromMinutes(3);

    /// <summary>After the fault the build only has to report and exit (the product may retry for a bounded time).</summary>
    private static readonly TimeSpan FinishDeadline = TimeSpan.FromMinutes(3);

    private DeployInFlight(DotnetProcess build, int backend)
    {
        Build = build;
        Backend = backend;
    }

    public DotnetProcess Build { get; }

    /// <summary>The server process id of the session running the migration.</summary>
    public int Backend { get; }

    /// <summary>Starts a deploy, strikes with <paramref name="fault"/> once it sleeps, and returns how the build ended.</summary>
    public static async Task<DotnetResult> InterruptAsync(FaultScenario scenario, Func<DeployInFlight, Task> fault, CancellationToken cancellationToken)
    {
        using var deploy = await StartAsync(scenario.Project, scenario.Database, cancellationToken);
        await fault(deploy);
        return await deploy.Build.WaitForExitAsync(FinishDeadline, cancellationToken);
    }

    private static async Task<DeployInFlight> StartAsync(ConsumerProject project, FaultDatabase database, CancellationToken cancellationToken)
    {
        var build = project.StartMsbuild("DeployMigration", database.StagingEnvironment, "-p:MigrationsEnvironment=Staging");
        try
        {
            var backend = await Poll.ForAsync(
                async () => build.HasExited ? throw new InvalidOperationException($"The deploy ended before reaching pg_sleep:{Environment.NewLine}{build.OutputSoFar}") : await database.SleepingBackendAsync(),
                ReachSleepDeadline,
                $"a deploy session inside pg_sleep on {database}",
                () => Task.FromResult(build.OutputSoFar),
                cancellationToken);
            return new DeployInFlight(build, backend);
        }
        catch
        {
            build.Dispose();
            throw;
        }
    }

    public void Dispose() => Build.Dispose();
}
