namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// The kind of object a statement creates, alters, drops, comments on or grants on. The safety lint (MIG0301–MIG0310)
/// and the rollback analysis (MIG0201–MIG0203) both speak of objects in these kinds; the member names double as the
/// kind words of messages (<c>drop sequence …</c>), so renaming one changes message text.
/// </summary>
public enum ObjectKind
{
    Other,
    Table,
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
    Schema,
    Extension,
    Policy,
    Publication,

    /// <summary>
    /// A column: the target of COMMENT ON COLUMN, or one added or dropped by ALTER TABLE (the columns of CREATE TABLE
    /// go with their table).
    /// </summary>
    Column,

    /// <summary>A table constraint: the target of COMMENT ON CONSTRAINT, or one added or dropped by ALTER TABLE.</summary>
    Constraint,

    /// <summary>CREATE/DROP DATABASE, which cannot run inside a transaction.</summary>
    Database,

    /// <summary>ALTER TABLE … ENABLE ROW LEVEL SECURITY, undone by DISABLE ROW LEVEL SECURITY.</summary>
    RowLevelSecurity,
}
