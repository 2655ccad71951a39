using Migrations.Build.Engine.Analysis.Caching;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Scaffolding;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// Finds the migration pairs in the forward and rollback directories and reports every problem with them
/// (MIG0001–MIG0011). Only files directly in a directory are migrations; subfolders hold other material such as
/// seed data, and a migration-shaped file found there is reported rather than silently ignored.
/// </summary>
internal static class MigrationDiscovery
{
    private static readonly StringComparer FileNameComparer = StringComparer.Ordinal;

    /// <summary>Folders never searched for misplaced migrations: build output, dependencies, hidden folders.</summary>
    private static readonly HashSet<string> IgnoredSubfolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules" };

    /// <param name="cache">What earlier runs learned by lexing files with the same content; null to lex every file.</param>
    public static MigrationSet Discover(MigrationDiscoveryOptions options, ValidationCache? cache = null)
    {
        var diagnostics = new List<Diagnostic>();
        var forwardDirectory = Path.GetFullPath(options.ForwardDirectory);
        var rollbackDirectory = Path.GetFullPath(options.EffectiveRollbackDirectory);
        var besideForwards = options.RollbacksBesideForwards;

        if (!Directory.Exists(forwardDirectory))
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.MissingDirectory,
                SourceLocation.None,
                $"The migrations directory '{forwardDirectory}' does not exist, so there is nothing to validate; create it, or point MigrationsDirectory at the folder that holds your migrations."));
            return new MigrationSet([], [], diagnostics);
        }

        var found = new List<PendingFile>();
        if (besideForwards)
        {
            found.AddRange(ClassifySharedDirectory(ParseDirectory(forwardDirectory, diagnostics), diagnostics));
        }
        else
        {
            found.AddRange(ClassifyForwardDirectory(ParseDirectory(forwardDirectory, diagnostics), rollbackDirectory, diagnostics));
            if (Directory.Exists(rollbackDirectory))
            {
                found.AddRange(ClassifyRollbackDirectory(ParseDirectory(rollbackDirectory, diagnostics), diagnostics));
            }
            else
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.MissingDirectory,
                    SourceLocation.None,
                    $"The rollback directory '{rollbackDirectory}' does not exist; create it, or point MigrationsRollbackDirectory at the folder that holds your rollback files."));
            }
        }

        var files = ReadAll(found, options, options.TrustUnchangedFileStamps ? cache : null, cache, diagnostics);
        ReportMisplacedMigrations(forwardDirectory, besideForwards ? null : rollbackDirectory, diagnostics);
        if (!besideForwards && Directory.Exists(rollbackDirectory))
        {
            ReportMisplacedMigrations(rollbackDirectory, forwardDirectory, diagnostics);
        }

        var pairs = Pair(files, besideForwards ? null : rollbackDirectory, options.UntouchedTemplatesAreWarnings, diagnostics);
        diagnostics.Sort(DiagnosticOrder.Compare);
        return new MigrationSet(pairs, files, diagnostics);
    }

    private static List<(string Path, MigrationFileName Name)> ParseDirectory(string directory, List<Diagnostic> diagnostics)
    {
        var parsed = new List<(string, MigrationFileName)>();
        // Every entry, not only files: a directory named like a migration is reported (MIG0011) rather than skipped.
        var paths = Directory.EnumerateFileSystemEntries(directory).Order(FileNameComparer);
        foreach (var path in paths)
        {
            var fileName = Path.GetFileName(path);
            if (!IsCandidateName(fileName))
            {
                continue; // README.md, editor swap files and the like are not migrations.
            }

            var name = MigrationFileName.TryParse(fileName, out var problem);
            if (name is null && Directory.Exists(path))
            {
                continue; // A subfolder such as seeds.sql/ holds other material; only migration-shaped names are claimed.
            }

            if (name is null)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCatalog.MalformedFileName, SourceLocation.StartOf(path), problem!));
                continue;
            }

            parsed.Add((path, name));
        }

        return parsed;
    }

    /// <summary>
    /// With forwards and rollbacks in one folder, <c>X_rollback.sql</c> is the rollback of <c>X</c> — unless
    /// <c>X_rollback_rollback.sql</c> exists too, which makes it a forward whose name ends in <c>_rollback</c>.
    /// </summary>
    private static IEnumerable<PendingFile> ClassifySharedDirectory(List<(string Path, MigrationFileName Name)> parsed, List<Diagnostic> diagnostics)
    {
        var ids = parsed.Select(file => file.Name.Id).ToHashSet(FileNameComparer);
        foreach (var (path, name) in parsed)
        {
            var hasOwnRollback = ids.Contains(name.Id + MigrationFileName.RollbackSuffix);
            if (name.EndsInRollbackSuffix && !hasOwnRollback)
            {
                yield return new PendingFile(path, name with { Name = name.NameWithoutRollbackSuffix }, MigrationRole.Rollback);
                continue;
            }

            if (name.EndsInRollbackSuffix)
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.ForwardNameEndsInRollback,
                    SourceLocation.StartOf(path),
                    $"'{Path.GetFileName(path)}' is a forward migration (its rollback {name.RollbackFileName} exists) whose name ends in '_rollback', so it reads as the rollback of {name.Version}_{name.NameWithoutRollbackSuffix}; rename the pair so the name does not end in '_rollback' (e.g. {name.Version}_undo_{name.NameWithoutRollbackSuffix})."));
            }

            yield return new PendingFile(path, name, MigrationRole.Forward);
        }
    }

    private static IEnumerable<PendingFile> ClassifyForwardDirectory(List<(string Path, MigrationFileName Name)> parsed, string rollbackDirectory, List<Diagnostic> diagnostics)
    {
        foreach (var (path, name) in parsed)
        {
            if (name.EndsInRollbackSuffix)
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.ForwardNameEndsInRollback,
                    SourceLocation.StartOf(path),
                    $"'{Path.GetFileName(path)}' is in the forward directory but its name ends in '_rollback'; move it to the rollback directory '{rollbackDirectory}' if it is a rollback, or rename the migration so its name does not end in '_rollback'."));
            }

            yield return new PendingFile(path, name, MigrationRole.Forward);
        }
    }

    private static IEnumerable<PendingFile> ClassifyRollbackDirectory(List<(string Path, MigrationFileName Name)> parsed, List<Diagnostic> diagnostics)
    {
        foreach (var (path, name) in parsed)
        {
            if (!name.EndsInRollbackSuffix)
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.MalformedFileName,
                    SourceLocation.StartOf(path),
                    $"'{Path.GetFileName(path)}' is in the rollback directory but is not named like a rollback; rename it to '{name.RollbackFileName}' (the forward's name plus '_rollback')."));
                continue;
            }

            yield return new PendingFile(path, name with { Name = name.NameWithoutRollbackSuffix }, MigrationRole.Rollback);
        }
    }

    /// <summary>A file classified by its name, not read yet.</summary>
    private readonly record struct PendingFile(string Path, MigrationFileName Name, MigrationRole Role);

    /// <summary>
    /// Reading, decoding, hashing and lexing dominate validation time and each file is independent, so files are
    /// read in parallel; results and diagnostics keep the discovery order, so output never depends on scheduling.
    /// </summary>
    private static List<MigrationFile> ReadAll(List<PendingFile> found, MigrationDiscoveryOptions options, ValidationCache? trustedStamps, ValidationCache? cache, List<Diagnostic> diagnostics)
    {
        var files = new MigrationFile[found.Count];
        var problems = new List<Diagnostic>?[found.Count];
        ParallelWork.For(found.Count, options.ParallelThreshold, index =>
        {
            var local = new List<Diagnostic>();
            var (path, name, role) = found[index];
            files[index] = FromUnchangedStamp(path, name, role, trustedStamps, options.UnreadFilesKeepChecksums) ?? Read(path, name, role, cache, local);
            problems[index] = local.Count > 0 ? local : null;
        });

        foreach (var local in problems)
        {
            if (local is not null)
            {
                diagnostics.AddRange(local);
            }
        }

        return [.. files];
    }

    /// <summary>
    /// The file as the cache knows it, unread, when its stamp is unchanged; null to read it.
    /// </summary>
    private static MigrationFile? FromUnchangedStamp(string path, MigrationFileName name, MigrationRole role, ValidationCache? trustedStamps, bool keepChecksums)
    {
        if (trustedStamps is null || FileStamp.Read(path) is not { } stamp || trustedStamps.FindUnchanged(path, stamp, keepChecksums) is not { } known)
        {
            return null;
        }

        return new MigrationFile(path, name, role, null, null)
        {
            IsUnread = true,
            ContentKey = known.ContentKey,
            HasStatements = known.HasStatements,
            IsIrreversible = known.IsIrreversible,
        };
    }

    /// <summary>Reads a file that discovery left unread (<see cref="MigrationFile.IsUnread"/>) because analysis needs its text after all.</summary>
    internal static MigrationFile ReadNow(MigrationFile file, ValidationCache? cache, List<Diagnostic> diagnostics) =>
        file.IsUnread ? Read(file.Path, file.FileName, file.Role, cache, diagnostics) : file;

    /// <summary>
    /// A file a deploy is about to apply, with its text: read now when discovery left it unread for its unchanged stamp.
    /// Validation's verdict on it stands for these bytes only if they are the content it was trusted for (same content
    /// key); otherwise (the file was written since, or its stamp was forged) MIG1034, and the caller applies nothing.
    /// Not lexed again: the facts found for that content key are kept.
    /// </summary>
    internal static MigrationFile ReadToApply(MigrationFile file, List<Diagnostic> diagnostics)
    {
        if (!file.IsUnread)
        {
            return file;
        }

        var (content, contentKey) = ReadContent(file.Path, diagnostics);
        if (content is null)
        {
            return file;
        }

        if (contentKey != file.ContentKey)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.MigrationChangedDuringDeploy,
                SourceLocation.StartOf(file.Path),
                $"'{Path.GetFileName(file.Path)}' changed after this deploy validated it: its bytes are no longer the ones validated (checksum {file.Checksum}), so nothing was applied. Finish the edit and run the deploy again, which validates the file as it is then."));
            return file;
        }

        return new MigrationFile(file.Path, file.FileName, file.Role, content, null)
        {
            ContentKey = contentKey,
            HasStatements = file.HasStatements,
            IsIrreversible = file.IsIrreversible,
        };
    }

    private static MigrationFile Read(string path, MigrationFileName name, MigrationRole role, ValidationCache? cache, List<Diagnostic> diagnostics)
    {
        // Taken before the bytes are read: a write during the read then leaves a stamp that no longer matches.
        var stamp = cache is null ? null : FileStamp.Read(path);
        var (content, contentKey) = ReadContent(path, diagnostics);
        if (content is null)
        {
            return new MigrationFile(path, name, role, null, null);
        }

        // The bytes are always read and hashed; only the lexing is skipped for a content seen before (see ValidationCache).
        var facts = cache?.FindFile(path, contentKey!, stamp);
        if (facts is null)
        {
            var script = SqlScript.Parse(content.Text);
            facts = new CachedFile(path, contentKey!, script.HasStatements, script.HasFileDirective(SqlDirectiveKind.Irreversible), stamp);
            cache?.RememberFile(facts);
        }

        return new MigrationFile(path, name, role, content, null)
        {
            ContentKey = contentKey,
            HasStatements = facts.HasStatements,
            IsIrreversible = facts.IsIrreversible,
        };
    }

    /// <summary>The file's decoded text and its content key; (null, null) after reporting why it is unusable.</summary>
    private static (MigrationText? Content, string? ContentKey) ReadContent(string path, List<Diagnostic> diagnostics)
    {
        // Checked before opening: opening a named pipe waits for a writer and a device never ends, so the build would hang.
        var irregular = RegularFileCheck.DescribeIrregular(path);
        if (irregular is not null)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.NotRegularFile,
                SourceLocation.StartOf(path),
                $"'{Path.GetFileName(path)}' is not a regular file but {irregular}, so it cannot be read as a migration; replace it with a regular file holding the migration's SQL (a symbolic link to one is fine), or move it out of the folder."));
            return (null, null);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.UnreadableFile,
                SourceLocation.StartOf(path),
                $"'{Path.GetFileName(path)}' cannot be read: {exception.Message} Check the file's permissions and that no other program holds it."));
            return (null, null);
        }

        var content = MigrationText.TryDecode(bytes, out var problem);
        if (problem is not null)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.InvalidText,
                new SourceLocation(path, problem.Line, problem.Column),
                $"'{Path.GetFileName(path)}' cannot be read as SQL text: {problem.Message}."));
        }

        return content is null ? (null, null) : (content, ValidationCache.ContentKey(bytes, content.Checksum));
    }

    private static List<MigrationPair> Pair(List<MigrationFile> files, string? separateRollbackDirectory, bool templatesAreWarnings, List<Diagnostic> diagnostics)
    {
        var forwards = files.Where(file => file.Role == MigrationRole.Forward).ToList();
        var rollbacks = files.Where(file => file.Role == MigrationRole.Rollback).ToDictionary(file => file.FileName.Id, FileNameComparer);

        ReportDuplicateVersions(forwards, diagnostics);

        var pairs = new List<MigrationPair>();
        foreach (var forward in forwards)
        {
            rollbacks.Remove(forward.FileName.Id, out var rollback);
            var irreversible = false;
            if (rollback is null)
            {
                var where = separateRollbackDirectory is null ? "beside it" : $"to '{separateRollbackDirectory}'";
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.ForwardWithoutRollback,
                    SourceLocation.StartOf(forward.Path),
                    $"Migration {forward.FileName.Id} has no rollback; add {forward.FileName.RollbackFileName} {where}, or mark an intentionally empty rollback with -- migrations:irreversible."));
            }
            else
            {
                irreversible = CheckNotEmpty(rollback, templatesAreWarnings, diagnostics);
            }

            CheckNotEmpty(forward, templatesAreWarnings, diagnostics);
            pairs.Add(new MigrationPair(forward.FileName.Version, forward.FileName.Name, forward, rollback, irreversible));
        }

        foreach (var orphan in rollbacks.Values)
        {
            CheckNotEmpty(orphan, templatesAreWarnings, diagnostics);
            var sameVersion = forwards.FirstOrDefault(forward => forward.FileName.Version == orphan.FileName.Version);
            var hint = sameVersion is null
                ? "add the forward file, or delete the rollback if the migration was removed"
                : $"if it belongs to {Path.GetFileName(sameVersion.Path)}, rename it to {sameVersion.FileName.RollbackFileName}";
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.RollbackWithoutForward,
                SourceLocation.StartOf(orphan.Path),
                $"Rollback {Path.GetFileName(orphan.Path)} has no forward migration {orphan.FileName.ForwardFileName}; {hint}."));
        }

        pairs.Sort((left, right) => FileNameComparer.Compare(left.Id, right.Id));
        return pairs;
    }

    private static void ReportDuplicateVersions(List<MigrationFile> forwards, List<Diagnostic> diagnostics)
    {
        foreach (var group in forwards.GroupBy(file => file.FileName.Version).Where(group => group.Count() > 1))
        {
            var ordered = group.OrderBy(file => Path.GetFileName(file.Path), FileNameComparer).ToList();
            var first = Path.GetFileName(ordered[0].Path);
            foreach (var duplicate in ordered.Skip(1))
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.DuplicateVersion,
                    SourceLocation.StartOf(duplicate.Path),
                    $"Version {duplicate.FileName.Version} of '{Path.GetFileName(duplicate.Path)}' is already used by '{first}'; versions order migrations and must be unique, so give one of them (and its rollback) a later timestamp."));
            }
        }
    }

    /// <summary>Reports a file with no statements; returns whether it is a rollback marked irreversible.</summary>
    private static bool CheckNotEmpty(MigrationFile file, bool templatesAreWarnings, List<Diagnostic> diagnostics)
    {
        if (file.Content is null && !file.IsUnread)
        {
            return false;
        }

        var hasStatements = file.HasStatements;
        var irreversible = file.IsIrreversible;
        var isRollback = file.Role == MigrationRole.Rollback;
        if (hasStatements || (isRollback && irreversible))
        {
            return isRollback && irreversible;
        }

        var fileName = Path.GetFileName(file.Path);
        if (templatesAreWarnings && MigrationTemplate.IsUntouched(file))
        {
            var todo = isRollback
                ? $"write the statements that undo {file.FileName.ForwardFileName}, or put -- migrations:irreversible on its first line"
                : "write the change";
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.UntouchedTemplate,
                SourceLocation.StartOf(file.Path),
                $"{(isRollback ? "Rollback" : "Migration")} {fileName} is still the template NewMigration wrote; {todo}. Until then TestMigration and DeployMigration refuse it as empty (MIG0005)."));
            return false;
        }

        var message = isRollback
            ? $"Rollback {fileName} contains no SQL statements (only whitespace or comments); write the statements that undo {file.FileName.ForwardFileName}, or, if it cannot be undone, put -- migrations:irreversible on its first line."
            : $"Migration {fileName} contains no SQL statements (only whitespace or comments); write the change, or delete the migration and its rollback.";
        diagnostics.Add(new Diagnostic(DiagnosticCatalog.EmptyMigration, SourceLocation.StartOf(file.Path), message));
        return false;
    }

    /// <summary>Warns about migration-shaped files in subfolders: discovery never applies them, which is rarely intended.</summary>
    private static void ReportMisplacedMigrations(string directory, string? otherDirectory, List<Diagnostic> diagnostics)
    {
        foreach (var subfolder in Directory.EnumerateDirectories(directory))
        {
            if (!IsSearchedSubfolder(subfolder) || (otherDirectory is not null && IsSameDirectory(subfolder, otherDirectory)))
            {
                continue;
            }

            foreach (var path in SubfolderSearch.SqlFilesBelow(subfolder).Order(FileNameComparer))
            {
                if (MigrationFileName.TryParse(Path.GetFileName(path), out _) is null || (otherDirectory is not null && IsUnder(path, otherDirectory)))
                {
                    continue;
                }

                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.MigrationInSubfolder,
                    SourceLocation.StartOf(path),
                    $"'{Path.GetFileName(path)}' looks like a migration but is in the subfolder '{Path.GetRelativePath(directory, Path.GetDirectoryName(path)!)}', which is never searched; move it to '{directory}' if it should be applied."));
            }
        }
    }

    /// <summary>Whether the search for misplaced migrations (MIG0008) looks below this subfolder of a migrations folder.</summary>
    internal static bool IsSearchedSubfolder(string subfolder)
    {
        var name = Path.GetFileName(subfolder);
        return !name.StartsWith('.') && !IgnoredSubfolders.Contains(name) && !SubfolderSearch.IsLink(subfolder);
    }

    /// <summary>Whether discovery looks at a file of this name directly in a migrations folder (a .sql name, not hidden).</summary>
    internal static bool IsCandidateName(string fileName) =>
        !fileName.StartsWith('.') && fileName.EndsWith(MigrationFileName.Extension, StringComparison.OrdinalIgnoreCase);

    private static bool IsSameDirectory(string left, string right) =>
        string.Equals(Path.TrimEndingDirectorySeparator(left), Path.TrimEndingDirectorySeparator(right), StringComparison.Ordinal);

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
