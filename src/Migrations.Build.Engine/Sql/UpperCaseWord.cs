namespace Migrations.Build.Engine.Sql;

/// <summary>
/// Upper-cases a word of the source into a new string in one allocation (not two, as ToString().ToUpperInvariant()
/// would): the classifier and the splitter do this for the first words of every statement of every build.
/// </summary>
internal static class UpperCaseWord
{
    public static string From(string source, SqlToken token) =>
        string.Create(token.Length, (source, token.Start), static (destination, state) =>
            state.source.AsSpan(state.Start, destination.Length).ToUpperInvariant(destination));
}
