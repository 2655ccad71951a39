using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// One forward or rollback file on disk. <see cref="Content"/> is null when the bytes were unusable (MIG0006,
/// MIG0010). Discovery records what it learned from the SQL (<see cref="HasStatements"/>, <see cref="IsIrreversible"/>)
/// but keeps no <see cref="Script"/>: a folder's worth of tokens held at once costs more in garbage collection than
/// lexing a file twice, so analysis parses each file when it needs it (<see cref="ParseScript"/>) and lets it go.
/// </summary>
public sealed record MigrationFile(string Path, MigrationFileName FileName, MigrationRole Role, MigrationText? Content)
{
    /// <param name="script">An already parsed script, when the caller has one (tests build files from SQL text this way).</param>
    internal MigrationFile(string path, MigrationFileName fileName, MigrationRole role, MigrationText? content, SqlScript? script)
        : this(path, fileName, role, content) => Script = script;

    internal SqlScript? Script { get; init; }

    /// <summary>
    /// The contract's checksum of the text; for a file left unread (<see cref="IsUnread"/>), the cached content key
    /// when that is the checksum (<see cref="Analysis.Caching.ValidationCache.IsChecksum"/>). Null when unknown or unusable.
    /// </summary>
    public string? Checksum => Content?.Checksum ?? (IsUnread && ContentKey is { } key && Analysis.Caching.ValidationCache.IsChecksum(key) ? key : null);

    /// <summary>What the validation cache knows this exact content by (<see cref="Analysis.Caching.ValidationCache.ContentKey"/>); null when unusable.</summary>
    internal string? ContentKey { get; init; }

    /// <summary>
    /// The content was not read because the file's stamp is what the validation cache recorded for it
    /// (<see cref="MigrationDiscoveryOptions.TrustUnchangedFileStamps"/>): <see cref="Content"/> is null although the
    /// file is usable, and <see cref="ContentKey"/>, <see cref="HasStatements"/> and <see cref="IsIrreversible"/> come from
    /// the cache. Validation reads it after all when a pair it belongs to needs analysing again.
    /// </summary>
    internal bool IsUnread { get; init; }

    /// <summary>The file holds at least one statement (not only whitespace, comments and meta-commands).</summary>
    public bool HasStatements { get; init; }

    /// <summary>A <c>-- migrations:irreversible</c> directive precedes the first statement.</summary>
    public bool IsIrreversible { get; init; }

    /// <summary>The file's SQL, lexed and split; null when its bytes were unusable.</summary>
    internal SqlScript? ParseScript() => Script ?? (Content is null ? null : SqlScript.Parse(Content.Text));
}
