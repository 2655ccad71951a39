using System.Text;
using System.Text.Json;

namespace Migrations.Build.Engine.Artifacts;

/// <summary>
/// Reads and writes migrations.json. Written by hand with a fixed property order, migrations in version order and no
/// timestamp, so two publishes of the same files produce the same bytes (an artifact can be diffed or cached).
/// </summary>
internal static class ArtifactManifestJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    public static string Write(ArtifactManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("format", manifest.Format);
            json.WriteString("toolVersion", manifest.ToolVersion);
            json.WriteString("project", manifest.Project);
            json.WriteString("rollbackDirectory", manifest.RollbackDirectory);
            json.WriteStartArray("migrations");
            foreach (var migration in manifest.Migrations.OrderBy(migration => migration.Version, StringComparer.Ordinal).ThenBy(migration => migration.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("version", migration.Version);
                json.WriteString("name", migration.Name);
                json.WriteString("forwardFile", migration.Forward.Path);
                json.WriteString("forwardChecksum", migration.Forward.Checksum);
                WriteStringOrNull(json, "rollbackFile", migration.Rollback?.Path);
                WriteStringOrNull(json, "rollbackChecksum", migration.Rollback?.Checksum);
                json.WriteBoolean("irreversible", migration.Irreversible);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("supportFiles");
            foreach (var file in manifest.SupportFiles.OrderBy(file => file.Path, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteString("checksum", file.Checksum);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        // Always LF: the manifest's bytes must not depend on the OS that published it.
        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <exception cref="ArtifactManifestException">The text is not a manifest this version understands.</exception>
    public static ArtifactManifest Read(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var format = root.GetProperty("format").GetInt32();
            if (format != ArtifactLayout.FormatVersion)
            {
                throw new ArtifactManifestException($"it has format {format}, and this version of Migrations.Build reads format {ArtifactLayout.FormatVersion} only (deploy it with the SDK version that published it, named in its project file)");
            }

            var migrations = root.GetProperty("migrations").EnumerateArray().Select(ReadMigration).ToList();
            var supportFiles = root.GetProperty("supportFiles").EnumerateArray()
                .Select(file => new ArtifactFile(RequiredString(file, "path"), RequiredString(file, "checksum")))
                .ToList();
            return new ArtifactManifest(format, RequiredString(root, "toolVersion"), RequiredString(root, "project"), RequiredString(root, "rollbackDirectory"), migrations, supportFiles);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ArtifactManifestException($"it is not a valid manifest ({exception.Message})", exception);
        }
    }

    private static ArtifactMigration ReadMigration(JsonElement element)
    {
        var rollbackFile = OptionalString(element, "rollbackFile");
        var rollbackChecksum = OptionalString(element, "rollbackChecksum");
        return new ArtifactMigration(
            RequiredString(element, "version"),
            RequiredString(element, "name"),
            new ArtifactFile(RequiredString(element, "forwardFile"), RequiredString(element, "forwardChecksum")),
            rollbackFile is null || rollbackChecksum is null ? null : new ArtifactFile(rollbackFile, rollbackChecksum),
            element.GetProperty("irreversible").GetBoolean());
    }

    private static string RequiredString(JsonElement element, string name) =>
        element.GetProperty(name).GetString() is { Length: > 0 } value ? value : throw new FormatException($"'{name}' is empty");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
