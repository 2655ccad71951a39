namespace Migrations.Build.Engine.Verification;

/// <summary>How a rollback proof is wrapped in transactions, and why.</summary>
internal enum ProofTransactions
{
    /// <summary>The whole proof in one transaction owned by the caller: a failed proof leaves the database untouched.</summary>
    One,

    /// <summary>A file is marked <c>-- migrations:no-transaction</c>: that file runs statement by statement, the other in a transaction of its own.</summary>
    SeparateForNoTransactionFile,

    /// <summary>
    /// The forward adds an enum value (ALTER TYPE … ADD VALUE), which PostgreSQL lets only a later transaction use:
    /// each file runs in a transaction of its own, so the rollback sees the value committed, as it would in a deploy.
    /// </summary>
    SeparateForEnumValue,
}
