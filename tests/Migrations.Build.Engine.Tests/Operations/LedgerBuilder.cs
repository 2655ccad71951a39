using System.Text;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Operations;

/// <summary>
/// Migrations on disk and one database's history rows, built in memory the way discovery and the history table
/// hand them to <see cref="MigrationLedger"/>, so the planners can be tested without files or a database.
/// History rows get increasing ids in the order they are added, as the history table's identity column gives them.
/// </summary>
internal sealed class LedgerBuilder
{
    public const string EnvironmentName = "Staging";
    public const string Folder = "migrations";
    public const string ForwardText = "create table t (id int);\n";
    public const string RollbackText = "drop table t;\n";
    public const string IrreversibleText = "-- migrations:irreversible\n";

    public const string January = "20250101000000_create_customers";
    public const string February = "20250201000000_add_invoices";
    public const string March = "20250301000000_add_refunds";
    public const string April = "20250401000000_add_payouts";

    private readonly List<MigrationPair> pairs = [];
    private readonly List<HistoryEntry> history = [];

    public IReadOnlyList<MigrationPair> Pairs => pairs;

    public IReadOnlyList<HistoryEntry> History => history;

    public static string ForwardPath(string id) => $"{Folder}/{id}.sql";

    public static string RollbackPath(string id) => $"{Folder}/{id}_rollback.sql";

    /// <summary>A pair as discovery yields it; a null rollback is a rollback file that is missing.</summary>
    public static MigrationPair Pair(string id, string forward = ForwardText, string? rollback = RollbackText)
    {
        var forwardFile = File(ForwardPath(id), MigrationRole.Forward, forward);
        var rollbackFile = rollback is null ? null : File(RollbackPath(id), MigrationRole.Rollback, rollback);
        return new MigrationPair(forwardFile.FileName.Version, forwardFile.FileName.Name, forwardFile, rollbackFile, rollbackFile?.IsIrreversible ?? false);
    }

    public LedgerBuilder OnDisk(string id, string forward = ForwardText, string? rollback = RollbackText) => OnDisk(Pair(id, forward, rollback));

    public LedgerBuilder OnDisk(MigrationPair pair)
    {
        pairs.Add(pair);
        return this;
    }

    /// <summary>
    /// A deploy attempt. Like a real deploy it records the texts it ran: by default the files on disk now; pass
    /// <paramref name="forward"/> or <paramref name="rollback"/> to record what the files said back then.
    /// </summary>
    public LedgerBuilder Deploy(
        string id,
        HistoryStatus status = HistoryStatus.Succeeded,
        string? forward = null,
        string? rollback = null,
        string environment = EnvironmentName,
        int statementsDone = 0,
        int statementsTotal = 0) =>
        Add(MigrationOperation.Deploy, id, status, forward, rollback, environment, statementsDone, statementsTotal);

    public LedgerBuilder Rollback(string id, HistoryStatus status = HistoryStatus.Succeeded, int statementsDone = 0, int statementsTotal = 0) =>
        Add(MigrationOperation.Rollback, id, status, null, null, EnvironmentName, statementsDone, statementsTotal);

    /// <summary>ResolveMigration's row: <see cref="HistoryStatus.Succeeded"/> for applied, <see cref="HistoryStatus.RolledBack"/> for rolled back.</summary>
    public LedgerBuilder Resolve(string id, HistoryStatus status) =>
        Attempt(MigrationOperation.Resolve, id, status);

    public LedgerBuilder Test(string id, HistoryStatus status = HistoryStatus.Succeeded) =>
        Attempt(MigrationOperation.Test, id, status);

    /// <summary>Any operation's row, for tables of history that name the operation as data.</summary>
    public LedgerBuilder Attempt(MigrationOperation operation, string id, HistoryStatus status) =>
        Add(operation, id, status, null, null, EnvironmentName, 0, 0);

    /// <summary>A row written by hand or by an older release: it records neither checksums nor texts.</summary>
    public LedgerBuilder DeployWithoutTexts(string id) =>
        Row(new HistoryEntry
        {
            Version = id[..14],
            Name = id[15..],
            Operation = MigrationOperation.Deploy,
            Environment = EnvironmentName,
            Status = HistoryStatus.Succeeded,
        });

    public LedgerBuilder Row(HistoryEntry row)
    {
        history.Add(row with { Id = history.Count + 1 });
        return this;
    }

    public MigrationLedger Build() => MigrationLedger.Build(pairs, history);

    public LedgerEntry Entry(string id) => Build().Entries.Single(entry => entry.Id == id);

    private LedgerBuilder Add(MigrationOperation operation, string id, HistoryStatus status, string? forward, string? rollback, string environment, int statementsDone, int statementsTotal)
    {
        var onDisk = pairs.SingleOrDefault(pair => pair.Id == id);
        var forwardText = forward ?? onDisk?.Forward.Content?.Text ?? ForwardText;
        var rollbackText = rollback ?? onDisk?.Rollback?.Content?.Text ?? RollbackText;
        return Row(new HistoryEntry
        {
            Version = id[..14],
            Name = id[15..],
            Operation = operation,
            Environment = environment,
            Status = status,
            ForwardChecksum = MigrationText.ComputeChecksum(forwardText),
            RollbackChecksum = MigrationText.ComputeChecksum(rollbackText),
            ForwardSql = forwardText,
            RollbackSql = rollbackText,
            StatementsDone = statementsDone,
            StatementsTotal = statementsTotal,
        });
    }

    private static MigrationFile File(string path, MigrationRole role, string text)
    {
        var fileName = MigrationFileName.TryParse(Path.GetFileName(path), out var problem) ?? throw new ArgumentException(problem, nameof(path));
        var content = MigrationText.TryDecode(Encoding.UTF8.GetBytes(text), out _);
        var script = SqlScript.Parse(text);
        return new MigrationFile(path, fileName, role, content, null)
        {
            HasStatements = script.HasStatements,
            IsIrreversible = script.HasFileDirective(SqlDirectiveKind.Irreversible),
        };
    }
}
