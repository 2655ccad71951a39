using System.Text;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Scaffolding;

/// <summary>
/// Creates a new forward/rollback pair from the templates: checks the name, dates the version so it sorts last,
/// creates missing folders, and writes both files as UTF-8 without BOM with <c>\n</c> line endings. An existing
/// file is never overwritten: both are opened with <see cref="FileMode.CreateNew"/>, so a file that appears between
/// picking the version and writing (another NewMigration in the same second) ends in MIG0018, not in lost work.
/// </summary>
public static class MigrationScaffolder
{
    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The created pair, or null with the coded reasons nothing was created.</summary>
    public static NewMigrationPair? Create(NewMigrationRequest request, out IReadOnlyList<Diagnostic> problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        problems = [];
        if (!string.IsNullOrEmpty(request.ArtifactManifest))
        {
            // Every target of an artifact refuses a file its manifest does not list (MIG0015), so a pair created here
            // could never be deployed; it belongs in the project the artifact is published from.
            problems = [NotCreated(
                $"This folder is a published migrations artifact ({request.ArtifactManifest}): its files are fixed by the manifest's checksums, so every target here would refuse a new pair (MIG0015). "
                + "Create the migration in the project the artifact was published from (dotnet msbuild <project> -t:NewMigration -p:Name=…), test it, and publish again.")];
            return null;
        }

        var name = NewMigrationName.Check(request.Name, request.ProjectPath, out var nameProblem);
        if (name is null)
        {
            problems = [nameProblem!];
            return null;
        }

        var options = new MigrationDiscoveryOptions(request.ForwardDirectory, request.RollbackDirectory);
        var forwardDirectory = Path.GetFullPath(options.ForwardDirectory);
        var rollbackDirectory = Path.GetFullPath(options.EffectiveRollbackDirectory);
        var (version, after) = NewMigrationVersion.Pick(request.Clock.GetUtcNow(), [forwardDirectory, rollbackDirectory]);
        var fileName = MigrationFileName.TryParse(version + "_" + name + MigrationFileName.Extension, out _)
            ?? throw new InvalidOperationException($"The new file name {version}_{name}{MigrationFileName.Extension} does not parse; the name check let through a name the file rules reject.");
        var forwardPath = Path.Combine(forwardDirectory, fileName.ForwardFileName);
        var rollbackPath = Path.Combine(rollbackDirectory, fileName.RollbackFileName);

        var problem = TryWrite(forwardPath, MigrationTemplate.Forward);
        if (problem is null)
        {
            problem = TryWrite(rollbackPath, MigrationTemplate.Rollback);
            if (problem is not null)
            {
                // Half a pair would fail the next build with MIG0001; the forward is ours, written a moment ago.
                File.Delete(forwardPath);
            }
        }

        if (problem is not null)
        {
            problems = [problem];
            return null;
        }

        return new NewMigrationPair(fileName, forwardPath, rollbackPath, after);
    }

    private static Diagnostic? TryWrite(string path, string text)
    {
        FileStream stream;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return File.Exists(path) || Directory.Exists(path)
                ? NotCreated($"'{path}' already exists (it appeared after NewMigration picked the version, probably from another NewMigration in the same second) and is never overwritten; nothing was created, so run NewMigration again.")
                : NotCreated($"'{path}' cannot be created: {exception.Message} Nothing was created; check that the folder is writable, or point MigrationsDirectory / MigrationsRollbackDirectory at one that is.");
        }

        try
        {
            using (stream)
            {
                stream.Write(Utf8WithoutBom.GetBytes(text));
            }

            return null;
        }
        catch (IOException exception)
        {
            // Created by us a moment ago, so removing the partial file loses nothing.
            File.Delete(path);
            return NotCreated($"'{path}' cannot be written: {exception.Message} Nothing was created; free some space or check the disk, then run NewMigration again.");
        }
    }

    private static Diagnostic NotCreated(string message) => new(DiagnosticCatalog.NewMigrationNotCreated, SourceLocation.None, message);
}
