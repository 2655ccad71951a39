using System.Diagnostics.CodeAnalysis;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// The outcome of <see cref="ThrowawayServer.StartAsync"/>: a running server, or why none is available. A result
/// rather than an exception because "no Docker, no binaries" is an expected state of a machine, reported as MIG1001.
/// </summary>
internal sealed class ThrowawayServerStart
{
    private ThrowawayServerStart(ThrowawayServer? server, LocalServerUnavailable? unavailable)
    {
        Server = server;
        Unavailable = unavailable;
    }

    public ThrowawayServer? Server { get; }

    public LocalServerUnavailable? Unavailable { get; }

    [MemberNotNullWhen(true, nameof(Server))]
    [MemberNotNullWhen(false, nameof(Unavailable))]
    public bool Started => Server is not null;

    internal static ThrowawayServerStart With(ThrowawayServer server) => new(server, null);

    internal static ThrowawayServerStart Without(LocalServerUnavailable unavailable) => new(null, unavailable);
}
