using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// A data directory initdb produced once, cached so that later throwaway clusters copy it instead of running initdb
/// again (a copy takes a fraction of initdb's second). Lives next to the clusters, in
/// <c>&lt;temporary root&gt;/migrations-build-templates-&lt;user&gt;/&lt;key&gt;</c> (/dev/shm or /tmp by default, see <see cref="ClusterParentDirectory"/>): the postgres user must
/// reach it when running as root, and a per-user folder keeps users from sharing files. The key covers the server
/// binaries (path, size and timestamp of initdb and postgres), this tool's build and initdb's options, so an upgrade
/// of either never reuses a stale template.
/// <para>
/// Safe under concurrency and damage: a template is built in a staging folder with a marker written last and renamed
/// into place in one step, so a half-written one is never seen; every copy is checked against the file and byte count
/// the marker promises, and a template without its marker or with a count that does not match is discarded, so the
/// caller falls back to initdb and publishes a fresh one.
/// </para>
/// </summary>
internal sealed class ClusterTemplate
{
    public const string CacheFolderPrefix = "migrations-build-templates-";
    public const string MarkerFileName = "template-complete";
    private const string DataFolderName = "data";

    // Old enough that no live start is still writing it: leftovers of killed runs and templates of other builds.
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    private ClusterTemplate(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>The published template: its data directory and the marker written last.</summary>
    public string Directory { get; }

    public string MarkerFile => Path.Combine(Directory, MarkerFileName);

    private string DataDirectory => Path.Combine(Directory, DataFolderName);

    public static ClusterTemplate For(string temporaryRoot, string binDirectory, IReadOnlyList<string> initdbOptions)
    {
        var cacheFolder = Path.Combine(temporaryRoot, CacheFolderPrefix + Environment.UserName);
        return new ClusterTemplate(Path.Combine(cacheFolder, Key(binDirectory, initdbOptions)));
    }

    /// <summary>
    /// Copies the template into <paramref name="dataDirectory"/> (which must not exist yet). False when there is no
    /// usable template; then nothing is left at <paramref name="dataDirectory"/> and a damaged template is discarded.
    /// </summary>
    public bool TryCopyTo(string dataDirectory)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return false;
        }

        var promised = ReadMarker();
        if (promised is not null)
        {
            try
            {
                if (DataDirectoryCopy.Copy(DataDirectory, dataDirectory) == promised)
                {
                    return true;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Deleted or damaged under us: treated like any other unusable template.
            }

            DeleteDirectory(dataDirectory);
        }

        Discard();
        return false;
    }

    /// <summary>
    /// Best effort: copies a freshly initialised, never started <paramref name="dataDirectory"/> into the cache. A
    /// concurrent build that published first wins; any failure only means the next start runs initdb again.
    /// </summary>
    public void TryPublishFrom(string dataDirectory)
    {
        var staging = Directory + ".staging-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            var tally = DataDirectoryCopy.Copy(dataDirectory, Path.Combine(staging, DataFolderName));
            File.WriteAllText(
                Path.Combine(staging, MarkerFileName),
                string.Create(CultureInfo.InvariantCulture, $"files={tally.Files} bytes={tally.Bytes}"));
            System.IO.Directory.Move(staging, Directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Most often another build renamed its template into place first, which is just as good.
        }
        finally
        {
            DeleteDirectory(staging);
        }

        PruneStaleSiblings();
    }

    /// <summary>
    /// Each tool build or server upgrade gets a template of its own (about 40 MB), so without this they would pile up
    /// in /tmp. A template still in use elsewhere only costs that user one initdb: copies are checked against the marker.
    /// </summary>
    private void PruneStaleSiblings()
    {
        var cacheFolder = Path.GetDirectoryName(Directory)!;
        try
        {
            foreach (var sibling in new DirectoryInfo(cacheFolder).EnumerateDirectories())
            {
                if (sibling.FullName != Directory && DateTime.UtcNow - sibling.LastWriteTimeUtc > StaleAfter)
                {
                    DeleteDirectory(sibling.FullName);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Housekeeping only.
        }
    }

    private DirectoryTally? ReadMarker()
    {
        try
        {
            var fields = File.ReadAllText(MarkerFile).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 2
                && long.TryParse(fields[0].Replace("files=", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var files)
                && long.TryParse(fields[1].Replace("bytes=", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                    ? new DirectoryTally(files, bytes)
                    : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Renamed away first, so no other build starts copying a template that is half deleted.</summary>
    private void Discard()
    {
        var trash = Directory + ".discarded-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            System.IO.Directory.Move(Directory, trash);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return;
        }

        DeleteDirectory(trash);
    }

    private static string Key(string binDirectory, IReadOnlyList<string> initdbOptions)
    {
        var parts = new List<string> { Path.GetFullPath(binDirectory) };
        foreach (var tool in new[] { "initdb", "postgres" })
        {
            var binary = new FileInfo(Path.Combine(binDirectory, PostgresBinDirectorySearch.ToolFileName(tool)));
            parts.Add(binary.Exists
                ? string.Create(CultureInfo.InvariantCulture, $"{tool}:{binary.Length}:{binary.LastWriteTimeUtc.Ticks}")
                : tool + ":missing");
        }

        // The build of this tool, so a new version (which may change what it expects of a fresh cluster) starts clean.
        parts.Add(typeof(ClusterTemplate).Assembly.ManifestModule.ModuleVersionId.ToString("N"));
        parts.AddRange(initdbOptions);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        return Convert.ToHexString(hash)[..16].ToLowerInvariant();
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover in the cache folder costs disk space, not correctness: it is never taken for a template.
        }
    }
}
