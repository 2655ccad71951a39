using System.Diagnostics.CodeAnalysis;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// Reads a forward and its rollback side by side and checks, without a database, that the rollback undoes the
/// forward: every object the forward creates is removed (MIG0201), nothing else is dropped (MIG0202), and the drops
/// come in an order PostgreSQL accepts (MIG0203). These are heuristics over the statements' text, so all three are
/// warnings; TestMigration's schema comparison on a real database is the proof.
/// <c>-- migrations:disable</c> is applied by <see cref="MigrationValidator"/>, not here: MIG0201 points into the
/// forward, MIG0202 and MIG0203 into the rollback, so each file's own directives apply.
/// </summary>
internal static class RollbackCompatibility
{
    public static IReadOnlyList<Diagnostic> Check(MigrationPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return Check(pair, pair.Forward.ParseScript(), pair.Rollback?.ParseScript());
    }

    /// <summary>Checks <paramref name="pair"/> with both scripts already parsed, so the validator lexes each file once.</summary>
    public static IReadOnlyList<Diagnostic> Check(MigrationPair pair, SqlScript? forward, SqlScript? rollback)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return IsWorthPairing(pair, forward, rollback)
            ? Check(pair, new ClassifiedScript(forward), new ClassifiedScript(rollback))
            : [];
    }

    /// <summary>Checks <paramref name="pair"/> with both scripts already classified, as the safety lint reads them too.</summary>
    internal static List<Diagnostic> Check(MigrationPair pair, ClassifiedScript? forward, ClassifiedScript? rollback)
    {
        var diagnostics = new List<Diagnostic>();
        if (forward is null || rollback is null || pair.Rollback is not { } rollbackFile || !IsWorthPairing(pair, forward.Script, rollback.Script))
        {
            return diagnostics;
        }

        var created = ForwardEffect.Created(ObjectChangeReader.Read(forward.Statements));
        var undone = RollbackNames.Resolve(ObjectChangeReader.Read(rollback.Statements));
        new RollbackSimulation(pair.Forward.Path, rollbackFile.Path, created, undone, diagnostics).Run();
        diagnostics.Sort(DiagnosticOrder.Compare);
        return diagnostics;
    }

    /// <summary>
    /// An empty or irreversible rollback is reported (MIG0005) or deliberate; pairing its nothing with the forward adds
    /// only noise.
    /// </summary>
    private static bool IsWorthPairing(MigrationPair pair, [NotNullWhen(true)] SqlScript? forward, [NotNullWhen(true)] SqlScript? rollback) =>
        !pair.IsIrreversible && pair.Rollback is not null && forward is { HasStatements: true } && rollback is { HasStatements: true };
}
