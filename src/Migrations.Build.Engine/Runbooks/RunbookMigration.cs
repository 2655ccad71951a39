using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Runbooks;

/// <summary>One migration of the deploy, with what rolling it back means right after the deploy.</summary>
/// <param name="RollbackChecksum">The checksum of the rollback text recorded at deploy; null when it has none (irreversible).</param>
/// <param name="RollbackLoss">What the recorded rollback would destroy now; null when it was not assessed (not applied, no rollback).</param>
/// <param name="AssessmentProblem">Why the data-loss check could not run, when it could not.</param>
internal sealed record RunbookMigration(
    string Id,
    RunbookMigrationState State,
    string? ForwardChecksum,
    string? RollbackChecksum,
    DataLossFinding? RollbackLoss,
    string? AssessmentProblem = null);
