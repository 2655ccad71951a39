using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Verification;

namespace Migrations.Build.Tasks;

/// <summary>
/// TestMigration: proves that each rollback restores the schema — on Staging when its URL is set (leaving the
/// migrations applied and recording the evidence production deploys need), otherwise on a throwaway Local database
/// where the whole chain is replayed and then dropped.
/// </summary>
public sealed class TestMigration : DatabaseTask
{
    /// <summary>MigrationsLocalImage: the container image when Local uses Docker.</summary>
    public string? LocalImage { get; set; }

    /// <summary>MigrationsLocalBootstrap: a SQL file (relative to the project) or <c>supabase</c>, run first on every throwaway database.</summary>
    public string? LocalBootstrapValue { get; set; }

    /// <summary>The project's folder, which a bootstrap path is relative to.</summary>
    public string ProjectDirectory { get; set; } = string.Empty;

    protected override async Task<bool> ExecuteAsync()
    {
        if (PrepareSingleEnvironment(MigrationOperation.Test) is not var (pairs, environment))
        {
            return false;
        }

        if (environment.IsThrowaway)
        {
            return await RunOnThrowawayAsync(environment, pairs).ConfigureAwait(false);
        }

        if (await ConnectWithContextAsync(environment, MigrationOperation.Test).ConfigureAwait(false) is not var (target, context))
        {
            return false;
        }

        return await RunGuardedAsync(target, async () =>
            (await TestOperation.RunAsync(context, pairs, Migration, CancellationToken).ConfigureAwait(false)).Succeeded).ConfigureAwait(false);
    }

    private async Task<bool> RunOnThrowawayAsync(MigrationEnvironment environment, IReadOnlyList<Engine.Discovery.MigrationPair> pairs)
    {
        LocalBootstrap bootstrap;
        try
        {
            bootstrap = LocalBootstrap.Resolve(LocalBootstrapValue, string.IsNullOrEmpty(ProjectDirectory) ? Directory.GetCurrentDirectory() : ProjectDirectory);
        }
        catch (LocalBootstrapException exception)
        {
            ReportSetting(exception.Message);
            return false;
        }

        var options = new ThrowawayServerOptions
        {
            UrlVariable = environment.UrlVariable,
            ReadVariable = ReadVariable,
            ContainerImage = string.IsNullOrWhiteSpace(LocalImage) ? null : LocalImage,
        };
        try
        {
            var outcome = await LocalReplay.RunAsync(options, bootstrap, pairs, Migration, Execution, OperationLog, CancellationToken).ConfigureAwait(false);
            return outcome.Succeeded;
        }
        catch (LocalBootstrapException exception)
        {
            Report(new Diagnostic(DiagnosticCatalog.InvalidSetting, SourceLocation.None, exception.Message));
            return false;
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException && !CancellationToken.IsCancellationRequested)
        {
            // MIGRATIONS_LOCAL_URL may carry a password, and a driver message may quote what it was given.
            var message = PasswordRedaction.Redact(exception.Message, ReadVariable(environment.UrlVariable));
            Report(new Diagnostic(DiagnosticCatalog.DatabaseUnreachable, SourceLocation.None, $"The throwaway Local database failed: {message}"));
            return false;
        }
    }
}
