using Migrations.Build.Engine.Analysis.Statements;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// A name the forward's text uses in a way that makes the object depend on whatever the name denotes, resolved to a
/// schema the way the statement was read. Whether it denotes an object the forward created is decided later.
/// </summary>
internal sealed record ObjectReference(string Schema, string Name, DependencyReason Reason)
{
    /// <summary>True when <paramref name="candidate"/> is an object this reference can denote.</summary>
    public bool Denotes(SchemaObject candidate) =>
        candidate.Parent is null
        && string.Equals(candidate.Name, Name, StringComparison.Ordinal)
        && string.Equals(candidate.Schema, Schema, StringComparison.Ordinal)
        && Reason switch
        {
            DependencyReason.ForeignKey or DependencyReason.PartitionOf => candidate.Kind == ObjectKind.Table,
            DependencyReason.ColumnType or DependencyReason.DomainBase => candidate.Kind is ObjectKind.Type or ObjectKind.Domain,
            DependencyReason.ViewQuery => candidate.Kind
                is ObjectKind.Table or ObjectKind.View or ObjectKind.MaterializedView or ObjectKind.Function,
            DependencyReason.TriggerFunction => candidate.Kind == ObjectKind.Function,
            _ => false,
        };

    /// <summary>
    /// True when dropping the referenced object with CASCADE also removes <paramref name="dependent"/>: a view goes
    /// with its table, a trigger with its function, a domain with its type, an added column with its type, an added
    /// constraint with the table it references; a table loses only its foreign key or column, and stays.
    /// </summary>
    public bool CascadeRemoves(SchemaObject dependent) => Reason switch
    {
        DependencyReason.ViewQuery or DependencyReason.TriggerFunction or DependencyReason.DomainBase or DependencyReason.PartitionOf => true,
        DependencyReason.ColumnType => dependent.Kind == ObjectKind.Column,
        DependencyReason.ForeignKey => dependent.Kind == ObjectKind.Constraint,
        _ => false,
    };

    /// <summary>How the dependent uses the object, for a message: "table billing.invoices, whose foreign key references it".</summary>
    public string Describe() => Reason switch
    {
        DependencyReason.ForeignKey => "whose foreign key references it",
        DependencyReason.ColumnType => "which has a column of that type",
        DependencyReason.ViewQuery => "which selects from it",
        DependencyReason.TriggerFunction => "which executes it",
        DependencyReason.PartitionOf => "which is a partition of it",
        _ => "which is based on it",
    };
}
