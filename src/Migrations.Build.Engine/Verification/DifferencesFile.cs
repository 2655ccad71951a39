using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// The full list of a refutation's differences, in a file beside the build's other intermediate files, so a message
/// that shows the first lines never loses the rest.
/// </summary>
/// <param name="Path">The file, when it was written.</param>
/// <param name="Problem">Why it could not be written (then the message shows every line instead).</param>
internal sealed record DifferencesFile(string? Path, string? Problem)
{
    public static DifferencesFile None { get; } = new(null, null);

    /// <summary>Writes <c>&lt;directory&gt;/&lt;name&gt;-differences.txt</c>: the heading, then one difference a line, heaviest first.</summary>
    public static DifferencesFile Write(string? directory, string name, string heading, IReadOnlyList<SchemaDifference> differences)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return None;
        }

        var path = System.IO.Path.Combine(directory, name + "-differences.txt");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllLines(path, [heading, string.Empty, .. differences.Select(difference => difference.Text)]);
            return new DifferencesFile(path, null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new DifferencesFile(null, $"the full list could not be written to {path}: {exception.Message}");
        }
    }
}
