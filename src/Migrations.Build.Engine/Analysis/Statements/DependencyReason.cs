namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>Why an object a statement defines needs another one to exist, as far as the statement's text shows (MIG0203).</summary>
public enum DependencyReason
{
    /// <summary>A REFERENCES clause: the referencing table, column or constraint needs the referenced table.</summary>
    ForeignKey,

    /// <summary>A column (of CREATE TABLE or ADD COLUMN) declared with the type or domain.</summary>
    ColumnType,

    /// <summary>A view or materialized view whose query names the table, view or function.</summary>
    ViewQuery,

    /// <summary>A trigger's EXECUTE FUNCTION.</summary>
    TriggerFunction,

    /// <summary>A domain over the type.</summary>
    DomainBase,

    /// <summary>CREATE TABLE … PARTITION OF: the partition goes with its parent table, CASCADE or not.</summary>
    PartitionOf,
}
