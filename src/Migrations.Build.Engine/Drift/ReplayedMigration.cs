namespace Migrations.Build.Engine.Drift;

/// <summary>
/// One migration for <see cref="LiveSchemaComparison"/> to replay: its identity and the forward text to run — the text
/// recorded at deploy for a drift check, the file on disk for a baseline.
/// </summary>
/// <param name="ForwardSql">The forward script, run as a deploy runs it (one transaction unless it says <c>-- migrations:no-transaction</c>).</param>
internal sealed record ReplayedMigration(string Version, string Name, string ForwardSql)
{
    /// <summary>
    /// The role that ran it on the live database (history's database user). The replay runs it as a role of that name,
    /// so the objects it creates have the owner, grantors and default privileges the live ones have. Null: the live
    /// session's own user.
    /// </summary>
    public string? RanAs { get; init; }

    public string Id => Version + "_" + Name;
}
