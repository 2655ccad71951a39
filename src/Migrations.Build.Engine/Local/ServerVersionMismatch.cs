using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// MIG1036: the throwaway server is of another major release than the server it stands in for. A warning, not an
/// error: the proof still says a lot, and a laptop may simply lack the release; but it must not pass for a proof on the
/// target's release, because syntax and catalogs differ between majors.
/// </summary>
internal static class ServerVersionMismatch
{
    /// <summary>Null when the releases agree, or when either is unknown (the start line already says which release ran).</summary>
    public static Diagnostic? Check(ThrowawayServer server, ThrowawayServerOptions options)
    {
        if (options.Target is not { } target || server.Release is not { } release || release.Major == target.Release.Major)
        {
            return null;
        }

        return new Diagnostic(
            DiagnosticCatalog.ServerVersionMismatch,
            SourceLocation.None,
            $"The throwaway Local server runs PostgreSQL {release}, but {target.EnvironmentName} runs PostgreSQL {target.Release}: "
                + $"what passes here may fail there (syntax, functions and catalogs differ between major versions). {Remedy(server.Source, options, target)}");
    }

    private static string Remedy(ThrowawayServerSource source, ThrowawayServerOptions options, TargetServer target) => source switch
    {
        ThrowawayServerSource.Url => $"Point {options.UrlVariable} at a PostgreSQL {target.Release} server.",
        ThrowawayServerSource.Docker => $"Set {PublicSurface.LocalImageProperty} to a PostgreSQL {target.Release} image (e.g. postgres:{target.Release}-alpine).",
        _ => $"Install PostgreSQL {target.Release}'s server binaries (e.g. apt-get install postgresql-{target.Release}, found under /usr/lib/postgresql/{target.Release}/bin), "
            + $"or set {PublicSurface.LocalBinDirectoryProperty} to a folder holding its initdb, pg_ctl and postgres, or {PublicSurface.LocalImageProperty} to a postgres:{target.Release} image with Docker running.",
    };
}
