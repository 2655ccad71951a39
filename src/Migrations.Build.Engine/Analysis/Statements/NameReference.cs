namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// A name a statement's definition uses in a way that makes the defined object depend on whatever the name denotes:
/// a REFERENCES clause's table, a column's type, a name in a view's query, a trigger's function, a domain's base type.
/// The name is as written; which schema it resolves to depends on the search_path in force, which the statement alone
/// does not know.
/// </summary>
public sealed record NameReference(QualifiedName Name, DependencyReason Reason);
