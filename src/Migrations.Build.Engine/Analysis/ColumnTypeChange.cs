using Migrations.Build.Engine.Analysis.Statements;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// Whether PostgreSQL changes a column from one type to another without rewriting the table (MIG0305): only when the
/// new type stores the old values byte for byte and accepts every one of them. Anything not known to be such a change
/// counts as a rewrite.
/// </summary>
internal static class ColumnTypeChange
{
    public static bool IsWithoutRewrite(ColumnType from, ColumnType to) => (from.Name, to.Name) switch
    {
        _ when from.Name == to.Name && from.Modifiers.SequenceEqual(to.Modifiers) => true,

        // A longer or no length limit: existing values all fit, so nothing is checked or rewritten.
        ("varchar", "varchar") or ("varbit", "varbit") => AcceptsEveryLength(from, to),
        ("varchar", "text") => true,
        ("text", "varchar") => to.IsUnconstrained,

        // numeric(p, s) to numeric, or to a larger precision with the same scale: the stored digits stay as they are.
        ("numeric", "numeric") => to.IsUnconstrained
            || (!from.IsUnconstrained && Scale(from) == Scale(to) && to.Modifiers[0] >= from.Modifiers[0]),
        _ => false,
    };

    private static bool AcceptsEveryLength(ColumnType from, ColumnType to) =>
        to.IsUnconstrained || (!from.IsUnconstrained && to.Modifiers[0] >= from.Modifiers[0]);

    /// <summary>numeric(p) means a scale of 0.</summary>
    private static int Scale(ColumnType numeric) => numeric.Modifiers.Count > 1 ? numeric.Modifiers[1] : 0;
}
