using Migrations.Build.Engine.Analysis.Statements;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// One object a migration creates or drops, named the way PostgreSQL identifies it: schema-qualified objects with
/// their schema resolved (unqualified names land in the first schema of search_path, <c>public</c> by default); an
/// index in its table's schema; columns, constraints, triggers, policies and row level security by their table
/// (<see cref="Parent"/>); functions and procedures also by their argument types.
/// </summary>
internal sealed record SchemaObject(ObjectKind Kind, string? Schema, string? Name)
{
    /// <summary>
    /// The table (or view) a column, constraint, index, trigger, policy or row level security belongs to, and the table of
    /// the column that owns a sequence.
    /// </summary>
    public SchemaObject? Parent { get; init; }

    /// <summary>The identity argument types of a function or procedure, normalised; null when a DROP left the list out.</summary>
    public string? Arguments { get; init; }

    /// <summary>
    /// The suffix PostgreSQL ends the generated name of an unnamed index (<c>_idx</c>) or constraint (<c>_check</c>,
    /// <c>_fkey</c> …) with; <see cref="Name"/> is null for those.
    /// </summary>
    public string? GeneratedNameSuffix { get; init; }

    /// <summary>True when the statement spelled the schema out, so messages do too (<c>public</c> is left implicit otherwise).</summary>
    public bool IsSchemaWritten { get; init; }

    /// <summary>The event-trigger form of <see cref="ObjectKind.Trigger"/>, which has no table.</summary>
    public bool IsEventTrigger => Kind == ObjectKind.Trigger && Parent is null;

    /// <summary>True for the objects dropping a table (or view) removes with it.</summary>
    public bool BelongsTo(SchemaObject relation) => Parent is not null && Parent.IsSameRelationAs(relation);

    /// <summary>Tables, views and materialized views share one namespace, so a parent is identified by schema and name only.</summary>
    public bool IsSameRelationAs(SchemaObject other) =>
        string.Equals(Schema, other.Schema, StringComparison.Ordinal) && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <summary>
    /// True when <paramref name="target"/>, as a DROP (or a re-creation) names it, is this object: a DROP FUNCTION without
    /// an argument list names every overload, and a DROP of the name PostgreSQL generates names an unnamed index or constraint.
    /// </summary>
    public bool IsNamedBy(SchemaObject target)
    {
        if (Kind != target.Kind || !string.Equals(Schema, target.Schema, StringComparison.Ordinal))
        {
            return false;
        }

        // DROP INDEX and DROP SEQUENCE do not say the table; the other sub-objects are only unique within their table.
        if (Kind is not (ObjectKind.Index or ObjectKind.Sequence)
            && !(Parent is null ? target.Parent is null : target.Parent is not null && Parent.IsSameRelationAs(target.Parent)))
        {
            return false;
        }

        if (Name is null && GeneratedNameSuffix is not null)
        {
            return target.Name is { } generated && Parent?.Name is { } table && GeneratedNameSuffix is { } suffix
                && generated.StartsWith(table + "_", StringComparison.Ordinal) && generated.EndsWith(suffix, StringComparison.Ordinal);
        }

        return string.Equals(Name, target.Name, StringComparison.Ordinal)
            && (Arguments is null || target.Arguments is null || string.Equals(Arguments, target.Arguments, StringComparison.Ordinal));
    }

    /// <summary>How a message names the object: <c>table billing.invoices</c>, <c>policy "own" on billing.customers</c>.</summary>
    public string Describe() => Kind switch
    {
        ObjectKind.Column => $"column {DisplayParent()}.{Quote(Name)}",
        ObjectKind.Constraint when Name is null => $"unnamed {ConstraintWord()}constraint on {DisplayParent()}",
        ObjectKind.Constraint => $"constraint {Quote(Name)} on {DisplayParent()}",
        ObjectKind.RowLevelSecurity => $"row level security on {DisplayParent()}",
        ObjectKind.Index when Name is null => $"unnamed index on {DisplayParent()}",
        ObjectKind.Trigger when IsEventTrigger => $"event trigger {Quote(Name)}",
        ObjectKind.Trigger => $"trigger {Quote(Name)} on {DisplayParent()}",
        ObjectKind.Policy => $"policy \"{Name?.Replace("\"", "\"\"", StringComparison.Ordinal)}\" on {DisplayParent()}",
        _ => $"{KindWords()} {DisplayName()}",
    };

    /// <summary>The statement that removes the object, for "add: …".</summary>
    public string DropStatement() => Kind switch
    {
        ObjectKind.Column => $"alter table {DisplayParent()} drop column {Quote(Name)};",
        ObjectKind.Constraint => $"alter table {DisplayParent()} drop constraint {(Name is null ? "<its name>" : Quote(Name))};",
        ObjectKind.RowLevelSecurity => $"alter table {DisplayParent()} disable row level security;",
        ObjectKind.Index when Name is null => $"drop index <its name>; (or name the index in the forward)",
        ObjectKind.Trigger when IsEventTrigger => $"drop event trigger {Quote(Name)};",
        ObjectKind.Trigger => $"drop trigger {Quote(Name)} on {DisplayParent()};",
        ObjectKind.Policy => $"drop policy \"{Name?.Replace("\"", "\"\"", StringComparison.Ordinal)}\" on {DisplayParent()};",
        _ => $"drop {KindWords()} {DisplayName()};",
    };

    private string KindWords() => Kind switch
    {
        ObjectKind.MaterializedView => "materialized view",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    private string ConstraintWord() => GeneratedNameSuffix switch
    {
        "_check" => "check ",
        "_fkey" => "foreign key ",
        "_key" => "unique ",
        "_pkey" => "primary key ",
        "_excl" => "exclusion ",
        _ => string.Empty,
    };

    private string DisplayName()
    {
        var name = QualifiedDisplay(Schema, Name);
        return Kind is ObjectKind.Function or ObjectKind.Procedure && Arguments is not null ? $"{name}({Arguments})" : name;
    }

    private string DisplayParent() => Parent is null ? "?" : QualifiedDisplay(Parent.Schema, Parent.Name, Parent.IsSchemaWritten);

    private string QualifiedDisplay(string? schema, string? name) => QualifiedDisplay(schema, name, IsSchemaWritten);

    private static string QualifiedDisplay(string? schema, string? name, bool isSchemaWritten)
    {
        var shownSchema = schema is null || (!isSchemaWritten && schema == QualifiedName.DefaultSchema) ? null : schema;
        return new QualifiedName(shownSchema, name ?? "?").ToString();
    }

    private static string Quote(string? identifier) => new QualifiedName(null, identifier ?? "?").ToString();
}
