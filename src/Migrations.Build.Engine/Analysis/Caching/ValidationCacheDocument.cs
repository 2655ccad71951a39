namespace Migrations.Build.Engine.Analysis.Caching;

/// <summary>The validation cache file as stored (obj/…/migrations/validation.cache); see <see cref="ValidationCache"/>.</summary>
internal sealed record ValidationCacheDocument
{
    /// <summary>The build of the engine that wrote it: any other build's results are not trusted.</summary>
    public string Tool { get; init; } = string.Empty;

    /// <summary>The project settings the per-file outcomes depend on (the lint's exposed schemas).</summary>
    public string Settings { get; init; } = string.Empty;

    public List<CachedFile> Files { get; init; } = [];

    public List<CachedUnit> Units { get; init; } = [];
}

/// <summary>
/// What discovery learns by lexing one file, for one exact content; <see cref="Stamp"/> is the file's stamp taken just
/// before the content was read (null when it was too fresh to trust, or unavailable), which lets ValidateMigrations
/// skip reading a file whose stamp is unchanged.
/// </summary>
internal sealed record CachedFile(string Path, string ContentKey, bool HasStatements, bool IsIrreversible, Discovery.FileStamp? Stamp = null);

/// <summary>
/// The diagnostics of one unit of analysis (a pair, or a file without a partner), for the exact contents of its files.
/// The role of the first file is part of the key: the same file alone can be a forward without rollback or a rollback
/// without forward, depending on the folders configured and the files beside it, and the lint reads the two differently.
/// </summary>
internal sealed record CachedUnit(Discovery.MigrationRole Role, string ForwardPath, string ForwardKey, string? RollbackPath, string? RollbackKey, List<CachedDiagnostic> Diagnostics)
{
    public string Key => ValidationCache.UnitKey(Role, ForwardPath, ForwardKey, RollbackPath, RollbackKey);
}

internal sealed record CachedDiagnostic(
    string Code,
    string Title,
    Diagnostics.DiagnosticSeverity DefaultSeverity,
    Diagnostics.DiagnosticSeverity Severity,
    string File,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Message)
{
    public static CachedDiagnostic From(Diagnostics.Diagnostic diagnostic) => new(
        diagnostic.Code,
        diagnostic.Descriptor.Title,
        diagnostic.Descriptor.DefaultSeverity,
        diagnostic.Severity,
        diagnostic.Location.FilePath,
        diagnostic.Location.Line,
        diagnostic.Location.Column,
        diagnostic.Location.EndLine,
        diagnostic.Location.EndColumn,
        diagnostic.Message);

    public Diagnostics.Diagnostic ToDiagnostic() => new(
        new Diagnostics.DiagnosticDescriptor(Code, DefaultSeverity, Title),
        new Diagnostics.SourceLocation(File, Line, Column, EndLine, EndColumn),
        Message,
        Severity);
}
