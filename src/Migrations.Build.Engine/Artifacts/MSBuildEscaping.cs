using System.Text;

namespace Migrations.Build.Engine.Artifacts;

/// <summary>
/// Escapes a value for an MSBuild project file, so it comes back as written: <c>$(…)</c> and <c>@(…)</c> would be
/// expanded, <c>%xx</c> unescaped, <c>;</c> would split an item and <c>*</c>/<c>?</c> would glob. XML escaping is the
/// writer's (System.Xml) job on top of this.
/// </summary>
internal static class MSBuildEscaping
{
    private const string Special = "%$@;'*?()";

    private static readonly System.Buffers.SearchValues<char> SpecialCharacters = System.Buffers.SearchValues.Create(Special);

    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny(SpecialCharacters) < 0)
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (var character in value)
        {
            if (SpecialCharacters.Contains(character))
            {
                escaped.Append('%').Append(((int)character).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(character);
            }
        }

        return escaped.ToString();
    }
}
