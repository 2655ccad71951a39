using System.Globalization;
using System.Text;
using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// No source yielded a throwaway server. Carries every source's reason, because "install Docker" alone is bad
/// advice to someone whose MIGRATIONS_LOCAL_URL has a typo or whose PostgreSQL install lacks the server tools.
/// </summary>
internal sealed class LocalServerUnavailable
{
    public LocalServerUnavailable(IReadOnlyList<SkippedSource> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        Skipped = skipped;
    }

    /// <summary>Each source tried, in order, with why it failed; a URL that is set but fails is the only entry.</summary>
    public IReadOnlyList<SkippedSource> Skipped { get; }

    /// <summary>
    /// <c>MigrationsLocalBinDirectory</c> when it was set and is why there is no server: then the only source tried
    /// was that folder, and the diagnostic (MIG1037) names it rather than suggesting Docker.
    /// </summary>
    public string? BinDirectoryOverride { get; init; }

    /// <summary>Numbered reasons and remedies, one source per entry; <paramref name="headline"/> comes first.</summary>
    public string Explain(string headline)
    {
        var message = new StringBuilder(headline).Append(" Tried, in order:");
        var number = 1;
        foreach (var source in Skipped)
        {
            message.AppendLine()
                .Append(number++.ToString(CultureInfo.InvariantCulture)).Append(". ").Append(source.Title).Append(": ").AppendLine(source.Reason)
                .Append("   To use it: ").Append(source.Remedy);
        }

        return message.ToString();
    }

    /// <summary>MIG1001 for the Local environment: the build cannot verify migrations without a database.</summary>
    public Diagnostic ToDiagnostic() => BinDirectoryOverride is { } folder
        ? new Diagnostic(
            DiagnosticCatalog.LocalBinDirectoryUnusable,
            SourceLocation.None,
            $"{PublicSurface.LocalBinDirectoryProperty} '{folder}' cannot start a throwaway PostgreSQL server: "
                + $"{Skipped.Last(source => source.Source == ThrowawayServerSource.LocalBinaries).Reason} "
                + $"Point it at the bin folder of one PostgreSQL server installation (holding initdb, pg_ctl and postgres, e.g. /usr/lib/postgresql/16/bin), or remove it to let Docker or the installed binaries be found.")
        : new Diagnostic(
            DiagnosticCatalog.DatabaseUnreachable,
            SourceLocation.None,
            Explain("No throwaway PostgreSQL database is available for the Local environment."));

    public override string ToString() => Explain("No throwaway PostgreSQL server is available.");
}
