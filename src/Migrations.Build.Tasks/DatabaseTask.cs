using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Environments;
using Microsoft.Build.Framework;
using Npgsql;

namespace Migrations.Build.Tasks;

/// <summary>
/// What every database target shares: it validates the migrations folder first (nothing broken reaches a
/// database), resolves the environment (contract §4), reads its URL from the environment variable, runs the
/// gates, says where it is about to connect, and turns expected failures into coded errors without stack traces.
/// The URL, and so the password, is never logged.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild never disposes tasks; the token source is disposed when Execute ends.")]
public abstract class DatabaseTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    [Required]
    public string MigrationsDirectory { get; set; } = string.Empty;

    public string? MigrationsRollbackDirectory { get; set; }

    /// <summary>One migration by file name, version_name or version; empty for the operation's default.</summary>
    public string? Migration { get; set; }

    /// <summary>The <c>MigrationsEnvironment</c> property: an explicit environment name.</summary>
    public string? EnvironmentName { get; set; }

    /// <summary>The project's <c>MigrationEnvironment</c> items; they add to and override the built-in ones.</summary>
    public ITaskItem[] Environments { get; set; } = [];

    public string HistorySchema { get; set; } = HistoryLocation.Default.Schema;

    public string HistoryTable { get; set; } = HistoryLocation.Default.Table;

    public string LockTimeout { get; set; } = "5s";

    public string StatementTimeout { get; set; } = "0";

    public string LockWait { get; set; } = "60s";

    /// <summary>The project file, to print commands users can paste.</summary>
    public string? ProjectPath { get; set; }

    protected CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>The per-migration limits (MigrationsLockTimeout, MigrationsStatementTimeout), passed to the server as given.</summary>
    protected ExecutionSettings Execution => new(LockTimeout, StatementTimeout);

    protected IOperationLog OperationLog => new MSBuildOperationLog(Log, ProjectPath);

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            return ExecuteAsync().GetAwaiter().GetResult() && !Log.HasLoggedErrors;
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogMessage(MessageImportance.High, "Cancelled; the statement that was running was cancelled on the server.");
            return false;
        }
        finally
        {
            _cancellation.Dispose();
        }
    }

    protected abstract Task<bool> ExecuteAsync();

    protected static string? ReadVariable(string name) => System.Environment.GetEnvironmentVariable(name);

    protected void Report(Diagnostic diagnostic) => OperationLog.Report(diagnostic);

    protected void ReportSetting(string message) => Report(new Diagnostic(DiagnosticCatalog.InvalidSetting, SourceLocation.None, message));

    /// <summary>Validates the folder as the build does; returns the pairs, or null after reporting errors.</summary>
    protected IReadOnlyList<MigrationPair>? ValidatedPairs()
    {
        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(MigrationsDirectory, MigrationsRollbackDirectory));
        foreach (var diagnostic in validation.Diagnostics)
        {
            Report(diagnostic);
        }

        if (validation.HasErrors)
        {
            Log.LogMessage(MessageImportance.High, "The migrations do not validate; fix the errors above before touching a database.");
            return null;
        }

        return validation.Set.Pairs;
    }

    protected EnvironmentResolver CreateResolver()
    {
        var configured = new List<MigrationEnvironment>();
        foreach (var item in Environments)
        {
            var urlVariable = item.GetMetadata("UrlVariable");
            if (string.IsNullOrWhiteSpace(urlVariable))
            {
                ReportSetting($"MigrationEnvironment '{item.ItemSpec}' has no UrlVariable; name the environment variable that holds its URL, e.g. <MigrationEnvironment Include=\"{item.ItemSpec}\" UrlVariable=\"{item.ItemSpec.ToUpperInvariant()}_DATABASE_URL\" />.");
                continue;
            }

            configured.Add(new MigrationEnvironment(
                item.ItemSpec,
                urlVariable,
                NullIfEmpty(item.GetMetadata("ConfirmVariable")),
                NullIfEmpty(item.GetMetadata("RequireTestedOn")),
                string.Equals(item.GetMetadata("Backup"), "true", StringComparison.OrdinalIgnoreCase)));
        }

        return new EnvironmentResolver(configured, ReadVariable);
    }

    /// <summary>Validates the migrations and picks the one environment the operation runs on; null after reporting why not.</summary>
    protected (IReadOnlyList<MigrationPair> Pairs, MigrationEnvironment Environment)? PrepareSingleEnvironment(MigrationOperation operation)
    {
        var pairs = ValidatedPairs();
        var environments = pairs is null ? null : ResolveEnvironments(operation);
        return pairs is null || environments is null || environments.Count == 0 ? null : (pairs, environments[0]);
    }

    /// <summary>Connects to a real environment behind its gates, with the operation context; null after reporting why not.</summary>
    protected async Task<(ConnectionTarget Target, OperationContext Context)?> ConnectWithContextAsync(MigrationEnvironment environment, MigrationOperation operation)
    {
        var target = await ConnectAsync(environment, operation, runGates: true).ConfigureAwait(false);
        var context = target is null ? null : CreateContext(target);
        return target is null || context is null ? null : (target, context);
    }

    /// <summary>The environments the operation touches (contract §4), or null after reporting why there are none.</summary>
    protected IReadOnlyList<MigrationEnvironment>? ResolveEnvironments(MigrationOperation operation)
    {
        var resolution = CreateResolver().Resolve(operation, string.IsNullOrWhiteSpace(EnvironmentName) ? null : EnvironmentName);
        foreach (var message in resolution.Messages)
        {
            Log.LogMessage(MessageImportance.High, message);
        }

        foreach (var diagnostic in resolution.Diagnostics)
        {
            Report(diagnostic);
        }

        return resolution.Succeeded ? resolution.Environments : null;
    }

    /// <summary>Resolves one environment's connection and runs the gates; null after reporting why not.</summary>
    protected async Task<ConnectionTarget?> ConnectAsync(MigrationEnvironment environment, MigrationOperation operation, bool runGates)
    {
        if (environment.IsThrowaway)
        {
            ReportSetting($"{environment.Name} is a throwaway database that exists only while TestMigration runs; name a real environment with -p:MigrationsEnvironment=Staging (or Production).");
            return null;
        }

        if (!ConnectionTarget.TryCreate(environment, ReadVariable, out var target, out var missing))
        {
            Report(missing);
            return null;
        }

        if (runGates)
        {
            var results = await DeploymentGates.CheckAsync(
                DeploymentGates.Standard,
                new DeploymentGateContext(environment, operation, ReadVariable) { Target = target, ProjectPath = ProjectPath, Migration = Migration },
                CancellationToken).ConfigureAwait(false);
            foreach (var result in results.Where(result => result.Diagnostic is not null))
            {
                Report(result.Diagnostic!);
            }

            if (results.Any(result => !result.Passed))
            {
                return null;
            }

        }

        Log.LogMessage(MessageImportance.High, target.Describe());
        return target;
    }

    protected OperationContext? CreateContext(ConnectionTarget target)
    {
        if (!DurationText.TryParse(LockWait, out var lockWait))
        {
            ReportSetting($"MigrationsLockWait '{LockWait}' is not a duration; write it like 500ms, 60s, 5min or 1h.");
            return null;
        }

        return new OperationContext(
            target.Environment.Name,
            target.Connection.ConnectionString,
            new HistoryLocation(HistorySchema, HistoryTable),
            Execution,
            lockWait,
            OperationLog);
    }

    /// <summary>Runs a database operation, turning connection and history problems into coded errors.</summary>
    protected async Task<bool> RunGuardedAsync(ConnectionTarget target, Func<Task<bool>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (HistoryLayoutException exception)
        {
            Report(new Diagnostic(DiagnosticCatalog.HistoryUnusable, SourceLocation.None, exception.Message));
        }
        catch (InvalidOperationException exception) when (exception.InnerException is PostgresException)
        {
            ReportSetting(exception.Message);
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or System.IO.IOException && !CancellationToken.IsCancellationRequested)
        {
            Report(ConnectionFailure.Describe(target, exception));
        }

        return false;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
