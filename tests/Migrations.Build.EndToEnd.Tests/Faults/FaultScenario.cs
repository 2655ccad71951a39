using Migrations.Build.Engine.Local;
using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>One fault test's world: a fresh database and a consumer project that deploys to it as Staging; disposing drops both.</summary>
internal sealed class FaultScenario : IAsyncDisposable
{
    private readonly IAsyncDisposable ownedDatabase;

    private FaultScenario(FaultDatabase database, IAsyncDisposable ownedDatabase)
    {
        Database = database;
        this.ownedDatabase = ownedDatabase;
    }

    public FaultDatabase Database { get; }

    public ConsumerProject Project { get; } = ConsumerProject.Create(ConsumerKind.MigrationsOnly);

    /// <summary>A database on the server every test shares.</summary>
    public static async Task<FaultScenario> OnSharedServerAsync(string prefix, CancellationToken cancellationToken)
    {
        var database = await PostgresServer.CreateDatabaseAsync(prefix, cancellationToken);
        return new FaultScenario(FaultDatabase.Of(database), database);
    }

    /// <summary>A database on a server of the test's own, for faults that hit the whole server.</summary>
    public static FaultScenario On(ThrowawayDatabase database) => new(FaultDatabase.Of(database), database);

    /// <summary>A deploy to Staging run to the end, as the workflow runs it.</summary>
    public DotnetResult Deploy() => Project.Msbuild("DeployMigration", Database.StagingEnvironment, "-p:MigrationsEnvironment=Staging");

    public async ValueTask DisposeAsync()
    {
        Project.Dispose();
        await ownedDatabase.DisposeAsync();
    }
}
