namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// The kinds of object a snapshot holds, as the words that start their keys (<c>table public.t</c>), and the order in
/// which they are listed: containers before their contents, and the facts about objects (comments, owners,
/// privileges) last, so a diff reads from the biggest change to the smallest.
/// </summary>
internal static class SnapshotObjectKinds
{
    public const string Schema = "schema";
    public const string Extension = "extension";
    public const string Type = "type";
    public const string Domain = "domain";
    public const string Attribute = "attribute";
    public const string Sequence = "sequence";
    public const string Table = "table";
    public const string ForeignTable = "foreign table";
    public const string Column = "column";
    public const string Constraint = "constraint";
    public const string Index = "index";
    public const string View = "view";
    public const string MaterializedView = "materialized view";
    public const string Function = "function";
    public const string Procedure = "procedure";
    public const string Aggregate = "aggregate";
    public const string Trigger = "trigger";
    public const string Policy = "policy";
    public const string Publication = "publication";
    public const string Comment = "comment";
    public const string Owner = "owner";
    public const string Privileges = "privileges";
    public const string DefaultPrivileges = "default privileges";

    private static readonly string[] Order =
    [
        Schema, Extension, Type, Domain, Attribute, Sequence, Table, ForeignTable, Column, Constraint, Index, View,
        MaterializedView, Function, Procedure, Aggregate, Trigger, Policy, Publication, Comment, Owner, Privileges,
        DefaultPrivileges,
    ];

    private static readonly Dictionary<string, int> RankByKind =
        Order.Select((kind, index) => (kind, index)).ToDictionary(pair => pair.kind, pair => pair.index, StringComparer.Ordinal);

    /// <summary>Position of a kind in the listing order; kinds this version does not know sort after all known ones.</summary>
    public static int Rank(string kind) => RankByKind.TryGetValue(kind, out var rank) ? rank : Order.Length;

    /// <summary>Orders kinds by <see cref="Rank"/>, then ordinally, so unknown kinds still sort deterministically.</summary>
    public static int Compare(string left, string right)
    {
        var byRank = Rank(left).CompareTo(Rank(right));
        return byRank != 0 ? byRank : string.CompareOrdinal(left, right);
    }
}
