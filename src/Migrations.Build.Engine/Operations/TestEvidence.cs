using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// The passed TestMigration runs recorded in one environment's history, by the exact forward and rollback
/// checksums they proved. Production deploys require a match: a migration edited after its test counts as untested.
/// </summary>
internal sealed class TestEvidence
{
    private readonly HashSet<(string Version, string Forward, string Rollback)> _passed;

    private TestEvidence(string environment, HashSet<(string, string, string)> passed)
    {
        Environment = environment;
        _passed = passed;
    }

    /// <summary>The environment the evidence comes from (RequireTestedOn).</summary>
    public string Environment { get; }

    public static TestEvidence From(string environment, IEnumerable<HistoryEntry> history) =>
        new(environment, history
            .Where(row => row is { Operation: MigrationOperation.Test, Status: HistoryStatus.Succeeded, ForwardChecksum: not null, RollbackChecksum: not null })
            .Select(row => (row.Version, row.ForwardChecksum!, row.RollbackChecksum!))
            .ToHashSet());

    public static async Task<TestEvidence> ReadAsync(OperationContext context, CancellationToken cancellationToken)
    {
        await using var connection = await OperationConnection.OpenAsync(context, "read test evidence", cancellationToken).ConfigureAwait(false);
        return From(context.EnvironmentName, await new HistoryStore(context.History).ReadAllAsync(connection, cancellationToken).ConfigureAwait(false));
    }

    public bool Proves(string version, string? forwardChecksum, string? rollbackChecksum) =>
        forwardChecksum is not null && rollbackChecksum is not null && _passed.Contains((version, forwardChecksum, rollbackChecksum));
}
