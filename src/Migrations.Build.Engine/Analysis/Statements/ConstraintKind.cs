namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>The kind of a table constraint added by ALTER TABLE … ADD.</summary>
internal enum ConstraintKind
{
    Other,
    ForeignKey,
    Check,
    Unique,
    PrimaryKey,
    Exclude,
}
