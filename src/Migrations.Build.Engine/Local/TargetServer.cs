using Migrations.Build.Engine.Backups;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// The server a throwaway database stands in for: the environment's name (for messages) and the major release it runs,
/// read from that server in this run. Local binaries of the same release are preferred, and a throwaway server of
/// another release is warned about (MIG1036), because a proof on one release says nothing about syntax only another accepts.
/// </summary>
internal sealed record TargetServer(string EnvironmentName, PostgresRelease Release);
