using System.Security.Cryptography;
using System.Text;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Where history lives in a database (<c>MigrationsHistorySchema</c>.<c>MigrationsHistoryTable</c>), and the key of
/// the advisory lock that serialises every operation on that history.
/// </summary>
internal sealed record HistoryLocation(string Schema, string Table)
{
    public static HistoryLocation Default { get; } = new(Commands.OperationDefaults.HistorySchema, Commands.OperationDefaults.HistoryTable);

    public string QualifiedTable => SqlIdentifier.Quote(Schema) + "." + SqlIdentifier.Quote(Table);

    /// <summary>The table that records which version of the history layout this database has.</summary>
    public string QualifiedVersionTable => SqlIdentifier.Quote(Schema) + "." + SqlIdentifier.Quote(Table + "_schema_version");

    /// <summary>
    /// A stable 64-bit key derived from the history table's name: every tool version and every machine computes the
    /// same key for the same table, and two histories in one database never share a lock.
    /// </summary>
    public long LockKey
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes("migrations.build:" + Schema + "." + Table));
            return BitConverter.ToInt64(hash, 0);
        }
    }

    public override string ToString() => Schema + "." + Table;
}
