namespace Migrations.Build.Engine.Diagnostics;

/// <summary>
/// Where a diagnostic points: a file and, when the problem has a position, a 1-based line and column.
/// Columns count UTF-16 characters from the start of the line (as Roslyn does); a tab counts as one.
/// Line 0 means "the whole file" (no position applies).
/// </summary>
public readonly record struct SourceLocation(string FilePath, int Line, int Column, int EndLine = 0, int EndColumn = 0)
{
    /// <summary>A location for a problem that concerns a file as a whole; compilers point at its first character.</summary>
    public static SourceLocation StartOf(string filePath) => new(filePath, 1, 1);

    /// <summary>A location that names no file, for problems of the configuration rather than of a migration.</summary>
    public static SourceLocation None { get; } = new(string.Empty, 0, 0);

    public bool HasFile => FilePath.Length > 0;

    public override string ToString() => Line > 0 ? $"{FilePath}({Line},{Column})" : FilePath;
}
