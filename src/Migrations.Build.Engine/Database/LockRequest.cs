namespace Migrations.Build.Engine.Database;

/// <summary>
/// The lock our backend is waiting for, from its ungranted row in pg_locks: a relation (named schema-qualified), a
/// row another transaction changed (a wait on that transaction's id), or any other lock type by name.
/// </summary>
internal sealed record LockRequest(string LockType, string Mode, string? Relation, string? TransactionId)
{
    public override string ToString() => (Relation, TransactionId) switch
    {
        ({ } relation, _) => $"{Mode} on {relation}",
        (null, { } transaction) => $"{Mode} on transaction {transaction} (a row it changed or locked)",
        _ => $"{Mode} ({LockType} lock)",
    };
}
