using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// The passed TestMigration runs recorded in one environment's history, by the exact forward and rollback
/// checksums they proved, with the application tests run after each (MigrationsStagingTestCommand). Production deploys
/// require a match: a migration edited after its test counts as untested.
/// </summary>
internal sealed class TestEvidence
{
    private readonly ILookup<(string Version, string Forward, string Rollback), int?> _passed;

    private TestEvidence(string environment, ILookup<(string, string, string), int?> passed)
    {
        Environment = environment;
        _passed = passed;
    }

    /// <summary>The environment the evidence comes from (RequireTestedOn).</summary>
    public string Environment { get; }

    public static TestEvidence From(string environment, IEnumerable<HistoryEntry> history) =>
        new(environment, history
            .Where(row => row is { Operation: MigrationOperation.Test, Status: HistoryStatus.Succeeded, ForwardChecksum: not null, RollbackChecksum: not null })
            .ToLookup(row => (row.Version, row.ForwardChecksum!, row.RollbackChecksum!), row => row.AppTestsExitCode));

    public static async Task<TestEvidence> ReadAsync(OperationContext context, CancellationToken cancellationToken)
    {
        await using var connection = await OperationConnection.OpenAsync(context, "read test evidence", cancellationToken).ConfigureAwait(false);
        return From(context.EnvironmentName, await new HistoryStore(context.History).ReadAllWithoutScriptsAsync(connection, cancellationToken).ConfigureAwait(false));
    }

    public bool Proves(string version, string? forwardChecksum, string? rollbackChecksum) =>
        Judge(version, forwardChecksum, rollbackChecksum, requireApplicationTests: false) is EvidenceVerdict.Proven;

    /// <summary>
    /// Whether a passed test proves these files; with <paramref name="requireApplicationTests"/>, one of those tests
    /// must also have passing application tests. <paramref name="failedExitCode"/> is the latest failing exit code.
    /// </summary>
    public EvidenceVerdict Judge(string version, string? forwardChecksum, string? rollbackChecksum, bool requireApplicationTests) =>
        Judge(version, forwardChecksum, rollbackChecksum, requireApplicationTests, out _);

    public EvidenceVerdict Judge(string version, string? forwardChecksum, string? rollbackChecksum, bool requireApplicationTests, out int? failedExitCode)
    {
        failedExitCode = null;
        if (forwardChecksum is null || rollbackChecksum is null || !_passed.Contains((version, forwardChecksum, rollbackChecksum)))
        {
            return EvidenceVerdict.Untested;
        }

        var applicationTests = _passed[(version, forwardChecksum, rollbackChecksum)].ToList();
        if (!requireApplicationTests || applicationTests.Contains(0))
        {
            return EvidenceVerdict.Proven;
        }

        failedExitCode = applicationTests.LastOrDefault(code => code is not null);
        return failedExitCode is null ? EvidenceVerdict.NoApplicationTests : EvidenceVerdict.ApplicationTestsFailed;
    }
}
