using Migrations.Build.Engine.Analysis.Statements;

namespace Migrations.Build.Engine.Database;

/// <summary>A table as the database knows it right now: its oid, and its schema and name for messages and for SQL.</summary>
internal sealed record LiveTable(uint Oid, string Schema, string Name)
{
    /// <summary>The schema-qualified name as SQL writes it (quoted where folding would change it), for messages.</summary>
    public string Display => new QualifiedName(Schema, Name).ToString();

    /// <summary>The schema-qualified name quoted for SQL we build ourselves.</summary>
    public string Sql => SqlIdentifier.Quote(Schema) + "." + SqlIdentifier.Quote(Name);
}
