namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>What a statement does, read from its opening words.</summary>
internal enum StatementAction
{
    /// <summary>Anything not listed below (SELECT, DO, CALL, VACUUM, …). Unknown statements land here, never in an error.</summary>
    Other,
    Create,
    Alter,
    Drop,
    Comment,
    Grant,
    Revoke,
    Insert,
    Update,
    Delete,

    /// <summary>MERGE INTO: a data change like INSERT/UPDATE/DELETE.</summary>
    Merge,
    Copy,
    Truncate,

    /// <summary>BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, RELEASE, PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED.</summary>
    TransactionControl,

    /// <summary>SET and RESET (including SET LOCAL, SET ROLE, SET CONSTRAINTS).</summary>
    Set,

    /// <summary>REINDEX, kept apart because REINDEX CONCURRENTLY cannot run in a transaction.</summary>
    Reindex,

    /// <summary>REFRESH MATERIALIZED VIEW, kept apart because its CONCURRENTLY form is allowed in a transaction.</summary>
    Refresh,
}
