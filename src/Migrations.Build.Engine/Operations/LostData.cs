namespace Migrations.Build.Engine.Operations;

/// <summary>
/// One object a statement would destroy and what it holds now: a whole table, or a column's values.
/// <paramref name="Object"/> names it for people (<c>table billing.invoices</c>, <c>column public.orders.status</c>);
/// <paramref name="Reach"/> says how the statement reaches it when it is not the statement's own target
/// (<c>in schema billing</c>).
/// </summary>
internal sealed record LostData(string Object, bool IsColumn, RowCount Count, int Line, string? Reach = null)
{
    /// <summary><c>table public.invoices (3 rows, line 2)</c>, <c>table billing.x (1 row, line 4; in schema billing)</c>.</summary>
    public string Describe() => $"{Object} ({Count.Describe(IsColumn)}, line {Line}{(Reach is null ? string.Empty : "; " + Reach)})";
}
