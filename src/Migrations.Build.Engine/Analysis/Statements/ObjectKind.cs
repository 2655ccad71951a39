namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>The kind of object a statement creates, alters, drops, comments on or grants on.</summary>
public enum ObjectKind
{
    Other,
    Table,
    Index,
    View,
    MaterializedView,
    Function,
    Procedure,
    Trigger,
    Type,
    Domain,
    Sequence,
    Schema,
    Extension,
    Policy,
    Publication,
    Column,
    Constraint,

    /// <summary>CREATE/DROP DATABASE, which cannot run inside a transaction.</summary>
    Database,
}
