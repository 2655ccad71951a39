using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>One object a statement names, and <see cref="Token"/>, the first word of its name, where a diagnostic about it points.</summary>
public sealed record NamedObject(QualifiedName Name, SqlToken Token)
{
    /// <summary>
    /// For a function or procedure that CREATE or DROP names, its identity argument types, normalised so that the
    /// two spellings compare equal (see <see cref="RoutineArguments"/>); null when no argument list follows the name.
    /// </summary>
    public string? Arguments { get; init; }
}
