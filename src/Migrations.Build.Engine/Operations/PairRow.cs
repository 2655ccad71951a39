using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// A history row about one migration pair on disk, as every operation that records one starts it: the pair's identity,
/// both checksums and both texts (what history keeps so later rollbacks and drift checks need no file), where and by
/// which release it was written. The operation fills in the rest (notes, backup, timings).
/// </summary>
internal static class PairRow
{
    public static HistoryEntry For(MigrationPair pair, OperationContext context, MigrationOperation operation, HistoryStatus status, DateTimeOffset started) => new()
    {
        Version = pair.Version,
        Name = pair.Name,
        Operation = operation,
        Environment = context.EnvironmentName,
        Status = status,
        ForwardChecksum = pair.Forward.Checksum,
        RollbackChecksum = pair.Rollback?.Checksum,
        ForwardSql = pair.Forward.Content?.Text,
        RollbackSql = pair.Rollback?.Content?.Text,
        StartedAt = started,
        ClientHost = context.ClientHost,
        ToolVersion = context.ToolVersion,
    };
}
