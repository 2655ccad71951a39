using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Verification;

/// <summary>What the Local replay does with one migration of the chain.</summary>
internal enum ReplayRole
{
    /// <summary>Apply → roll back → re-apply, schemas compared.</summary>
    Prove,

    /// <summary>Applied only: it comes before the one named with <c>-p:Migration</c>.</summary>
    Precede,

    /// <summary>Applied only: marked <c>-- migrations:irreversible</c>, so there is no rollback to prove.</summary>
    Irreversible,
}

/// <summary>One migration of the Local replay, in chain order, and what is done with it.</summary>
internal sealed record ReplayStep(MigrationPair Pair, ReplayRole Role);
