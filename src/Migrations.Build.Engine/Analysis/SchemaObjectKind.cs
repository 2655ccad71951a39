namespace Migrations.Build.Engine.Analysis;

/// <summary>The kinds of object a forward migration can create and its rollback must remove (MIG0201–MIG0203).</summary>
internal enum SchemaObjectKind
{
    Schema,
    Extension,
    Table,

    /// <summary>A column added to a table by ALTER TABLE … ADD COLUMN (columns of CREATE TABLE go with the table).</summary>
    Column,

    /// <summary>A constraint added by ALTER TABLE … ADD (constraints of CREATE TABLE go with the table).</summary>
    Constraint,

    /// <summary>ALTER TABLE … ENABLE ROW LEVEL SECURITY, undone by DISABLE ROW LEVEL SECURITY.</summary>
    RowLevelSecurity,
    Index,
    View,
    MaterializedView,
    Function,
    Procedure,

    /// <summary>A trigger on a table or view; an event trigger is one without a table.</summary>
    Trigger,
    Type,
    Domain,
    Sequence,
    Policy,
}
