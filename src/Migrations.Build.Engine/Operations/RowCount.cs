using System.Globalization;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// How much data an object holds, as the data-loss guard could tell without reading a huge table whole: exact under
/// a bound, "more than" at the bound, the catalog's estimate beyond it, or unknown with the reason.
/// </summary>
internal readonly record struct RowCount(long Value, RowCountKind Kind, string? Reason = null)
{
    public static RowCount Exact(long value) => new(value, RowCountKind.Exact);

    public static RowCount Unknown(string reason) => new(0, RowCountKind.Unknown, reason);

    /// <summary>True unless the object is known to be empty: an unknown count is taken to hold data.</summary>
    public bool MayHoldData => Kind == RowCountKind.Unknown || Value > 0;

    /// <summary><c>3 rows</c>, <c>at least 100,001 rows</c>, <c>about 2,400,000 rows (estimate)</c>; "non-null values" for a column.</summary>
    public string Describe(bool isColumn)
    {
        string Things(long count) => isColumn
            ? count == 1 ? "non-null value" : "non-null values"
            : count == 1 ? "row" : "rows";
        var number = Value.ToString("N0", CultureInfo.InvariantCulture);
        return Kind switch
        {
            RowCountKind.Exact => $"{number} {Things(Value)}",
            RowCountKind.AtLeast => $"at least {number} {Things(Value)}",
            RowCountKind.Estimate => $"about {number} {Things(Value)} (estimate)",
            RowCountKind.AtMostEstimate => $"up to about {number} {Things(Value)} (estimate: the table's rows)",
            _ => $"not counted: {Reason}",
        };
    }
}
