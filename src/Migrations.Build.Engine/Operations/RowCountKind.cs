namespace Migrations.Build.Engine.Operations;

/// <summary>How far a <see cref="RowCount"/> can be trusted.</summary>
internal enum RowCountKind
{
    /// <summary>Counted: the table (or column) holds exactly this many.</summary>
    Exact,

    /// <summary>Counting stopped at the bound: there are at least <see cref="RowCount.Value"/>.</summary>
    AtLeast,

    /// <summary>The planner's statistics (pg_class.reltuples, pg_stats.null_frac) for a table too big to count.</summary>
    Estimate,

    /// <summary>Statistics give the table's rows but not how many of them hold a value in the column.</summary>
    AtMostEstimate,

    /// <summary>Not counted (the read failed, e.g. on a lock timeout); treated as data that may be lost.</summary>
    Unknown,
}
