using System.Text;
using System.Text.Json;

namespace Migrations.Build.Engine.Operations;

/// <summary>The JSON reports (status, drift): one indented document with its schema version first, ending in a newline.</summary>
internal static class JsonReport
{
    public static string Render(int schemaVersion, Action<Utf8JsonWriter> writeBody)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", schemaVersion);
            writeBody(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>A string, or <c>null</c> written out: readers see every field, set or not.</summary>
    public static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
