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

    /// <summary>PostgreSQL truncates longer identifiers silently, so two derived names could collide: refused instead.</summary>
    public const int MaximumIdentifierBytes = 63;

    /// <summary>
    /// Every name the history layout creates, including the ones PostgreSQL derives from the table's name (its primary
    /// key, identity sequence and check constraints), so a name that only fits before its suffix is caught up front.
    /// </summary>
    public IReadOnlyList<string> CreatedNames =>
    [
        Schema,
        Table,
        Table + "_schema_version",
        Table + "_version_idx",
        Table + "_pkey",
        Table + "_id_seq",
        Table + "_operation_check",
        Table + "_status_check",
    ];

    /// <summary>Why this location cannot hold a history table, or null when it can. Checked before any SQL runs.</summary>
    public string? Problem()
    {
        if (Schema.StartsWith("pg_", StringComparison.OrdinalIgnoreCase))
        {
            return $"schema '{Schema}' starts with pg_, which PostgreSQL reserves for its own schemas";
        }

        var tooLong = CreatedNames.FirstOrDefault(name => Encoding.UTF8.GetByteCount(name) > MaximumIdentifierBytes);
        return tooLong is null
            ? null
            : $"the name '{tooLong}' it needs is {Encoding.UTF8.GetByteCount(tooLong)} bytes long; PostgreSQL keeps only {MaximumIdentifierBytes}, so names would be cut and could collide (the table name may be at most {MaximumIdentifierBytes - "_operation_check".Length} bytes)";
    }

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
