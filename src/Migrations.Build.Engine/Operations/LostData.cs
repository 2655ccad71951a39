namespace Migrations.Build.Engine.Operations;

/// <summary>
/// One object a statement would destroy and what it holds now: a whole table, or a column's values.
/// <paramref name="Object"/> names it for people (<c>table billing.invoices</c>, <c>column public.orders.status</c>),
/// with how it is reached when that is not the statement's own target (<c>(in schema billing)</c>).
/// </summary>
internal sealed record LostData(string Object, bool IsColumn, RowCount Count, int Line)
{
    public string Describe() => $"{Object} ({Count.Describe(IsColumn)}, line {Line})";
}
