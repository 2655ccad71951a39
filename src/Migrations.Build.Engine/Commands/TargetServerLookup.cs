using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// Which server a throwaway Local proof stands in for: the first real environment, in the project's order (Staging,
/// then its own), whose URL is set in this process — the one the migrations will meet next. Environments that need a
/// confirmation (Production) are never read: a developer's proof, or a build with MigrationsVerify, must not open a
/// connection to them because their URL happens to be set. Only the release is read (server_version_num, no lock, no
/// write), so the throwaway server can be of the same major version or warned about (MIG1036). Null when no URL is set or the server cannot be read: the proof still runs, on the
/// release it finds, and says so.
/// </summary>
internal static class TargetServerLookup
{
    // Short: this only picks binaries; a slow or unreachable target must not hold up a Local proof (or every build
    // with MigrationsVerify) for long. Five seconds still covers a TLS handshake with a distant managed server.
    private const int TimeoutSeconds = 5;

    public static async Task<TargetServer?> ReadAsync(OperationSequence sequence)
    {
        var environment = sequence.Resolver.Environments.FirstOrDefault(candidate => !candidate.IsThrowaway && !candidate.RequiresConfirmation && sequence.Resolver.IsSet(candidate.UrlVariable));
        if (environment is null || !ConnectionTarget.TryCreate(environment, sequence.Raw.ReadVariable, out var target, out _))
        {
            return null;
        }

        var connection = target.Connection;
        connection.Pooling = false;
        connection.Timeout = TimeoutSeconds;
        connection.CommandTimeout = TimeoutSeconds;
        try
        {
            await using var session = new NpgsqlConnection(connection.ConnectionString);
            await session.OpenAsync(sequence.CancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int", session);
            var number = (int)(await command.ExecuteScalarAsync(sequence.CancellationToken).ConfigureAwait(false))!;
            return new TargetServer(environment.Name, PostgresRelease.FromServerVersionNumber(number));
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException && !sequence.CancellationToken.IsCancellationRequested)
        {
            var reason = ConnectionFailure.Describe(target, exception).Message;
            sequence.Log.Info(PasswordRedaction.Redact(
                $"Could not read the PostgreSQL version of {environment.Name} ({environment.UrlVariable}) to match the throwaway server to it: {reason}",
                connection.Password));
            return null;
        }
    }
}
