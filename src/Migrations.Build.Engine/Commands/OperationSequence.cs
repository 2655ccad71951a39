using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.CiSummaries;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// The steps every database target takes before and around its work, in this order: read the settings, validate
/// the migrations (nothing broken reaches a database), resolve the environment (contract §4), read and parse its
/// URL, run the gates, say where it is about to connect, then run with every expected failure turned into a coded
/// diagnostic. Each step reports why it stopped and returns null; the URL, and so the password, is never logged.
/// </summary>
internal sealed class OperationSequence
{
    private readonly Lazy<EnvironmentResolver> resolver;

    // Overrides the gates let through (an ignored deployment window), for the history rows this operation writes.
    private readonly List<string> gateNotes = [];

    // The environments whose "Environment: …" line is printed: the drift gate prints it before it reads the database.
    private readonly HashSet<string> described = new(StringComparer.OrdinalIgnoreCase);

    private OperationSequence(MigrationOperation operation, OperationSettings settings, IOperationLog log, CancellationToken cancellationToken)
    {
        Operation = operation;
        Raw = settings;
        Summary = new StepSummary(operation, settings.Clock.GetUtcNow());
        Log = new SummaryRecordingLog(log, Summary);
        CancellationToken = cancellationToken;
        Settings = new SettingsReader(settings, Log);
        resolver = new Lazy<EnvironmentResolver>(() => new EnvironmentResolver(Settings.Environments(), settings.ReadVariable));
        LogExposure = new LogExposureCheck(settings.ReadVariable, Log);
    }

    public MigrationOperation Operation { get; }

    /// <summary>MIG1025, said at most once per run whichever URL triggers it.</summary>
    public LogExposureCheck LogExposure { get; }

    public OperationSettings Raw { get; }

    public SettingsReader Settings { get; }

    /// <summary>The log every step reports through; it also keeps each problem for the CI step summary.</summary>
    public IOperationLog Log { get; }

    /// <summary>What this run did, for the CI step summary (GITHUB_STEP_SUMMARY); each command adds its outcome.</summary>
    public StepSummary Summary { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Built-in environments as the project redefined them, plus its own; declaration problems reported once.</summary>
    public EnvironmentResolver Resolver => resolver.Value;

    /// <summary>
    /// Runs <paramref name="body"/> as <paramref name="operation"/>. A cancelled build (Ctrl+C, a CI timeout) ends
    /// with one line saying so: the server has cancelled the running statement and history says what happened.
    /// </summary>
    public static async Task<bool> RunAsync(
        MigrationOperation operation,
        OperationSettings settings,
        IOperationLog log,
        Func<OperationSequence, Task<bool>> body,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var sequence = new OperationSequence(operation, settings, log, cancellationToken);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var succeeded = false;
        try
        {
            succeeded = await body(sequence).ConfigureAwait(false);
            return succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            sequence.Summary.Cancelled = true;
            log.Important("Cancelled; whatever was running was stopped (a statement is cancelled on the server, a backup or other command is killed).");
            return false;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            sequence.Log.Report(InternalError.Describe(PublicSurface.TargetName(operation), exception));
            log.Detail(exception.ToString());
            return false;
        }
        finally
        {
            // Failures and refusals too: a failed deploy is exactly what the job page must show.
            StepSummaryWriter.Write(sequence.Summary, settings, succeeded, stopwatch.Elapsed, log);
        }
    }

    /// <summary>Validates the folder as the build does; returns the pairs, or null after reporting errors.</summary>
    public IReadOnlyList<MigrationPair>? ValidatedPairs()
    {
        // The same lint options as the build's ValidateMigrations, so a deploy warns exactly as the build did. An
        // untouched NewMigration template is only a warning for status, which applies nothing; every other target
        // refuses it as empty (MIG0005), so a migration that does nothing is never tested or deployed.
        // A deploy trusts unchanged file stamps like the build's lint, but only for what it does not apply: it reads every
        // file it is about to apply after its plan, under the lock, and applies it only as the bytes validated here
        // (DeployOperation, MigrationDiscovery.ReadToApply). Which files those are is known only from history.
        var deploy = Operation == MigrationOperation.Deploy;
        var validation = MigrationValidator.Validate(
            new MigrationDiscoveryOptions(Raw.MigrationsDirectory, Raw.RollbackDirectory)
            {
                UntouchedTemplatesAreWarnings = !PublicSurface.ChangesDatabase(Operation),
                TrustUnchangedFileStamps = deploy,
                UnreadFilesKeepChecksums = deploy,
                ReuseUnchangedFolders = deploy,
            },
            SafetyLintOptions.FromExposedSchemasProperty(Raw.ExposedSchemas),
            Raw.ValidationCacheDirectory,
            Raw.Clock);
        foreach (var note in validation.CacheNotes)
        {
            Log.Detail(note);
        }

        foreach (var diagnostic in validation.Diagnostics)
        {
            Log.Report(diagnostic);
        }

        if (validation.HasErrors)
        {
            Log.Important("The migrations do not validate; fix the errors above before touching a database.");
            return null;
        }

        return validation.Set.Pairs;
    }

    /// <summary>
    /// Starts opening, on another thread, the connection the operation will make once the migrations validate (see
    /// <see cref="ConnectionPrefetch"/>) — only where that connection is certain to follow: one environment, named or
    /// resolved without a message, with its URL set, no confirmation gate (nothing connects to an environment that
    /// asks for confirmation before its gates have passed) and no drift gate (whose replay would leave the connection
    /// idle for as long as it takes). It says where it connects first, as every connection does, so that line comes
    /// before validation's messages; null otherwise, with nothing logged, and the operation connects as usual.
    /// </summary>
    public ConnectionPrefetch? PrefetchConnection(string purpose)
    {
        // Building the resolver reports a declaration without a URL variable, and the history check an unusable location
        // (before any connection): the real steps say both, in their place. Past this check, resolving logs nothing.
        if (Raw.Environments.Any(declaration => string.IsNullOrWhiteSpace(declaration.UrlVariable)) || Settings.History.Problem() is not null)
        {
            return null;
        }

        string connectionString;
        ConnectionTarget described;
        try
        {
            var resolution = Resolver.Resolve(Operation, Settings.EnvironmentName);
            if (!resolution.Succeeded || resolution.Messages.Count > 0 || resolution.Diagnostics.Count > 0 || resolution.Environments.Count != 1
                || resolution.Environments[0] is not { IsThrowaway: false, ConfirmVariable: null, CheckDrift: false } environment
                || !ConnectionTarget.TryCreate(environment, Raw.ReadVariable, out var target, out _))
            {
                return null;
            }

            connectionString = OperationConnection.ConnectionStringFor(target.ConnectionString, environment.Name, OperationContext.CurrentToolVersion, purpose);
            described = target;
        }
        catch (Exception)
        {
            // Whatever failed here fails again in the steps that report it (an unreadable variable is MIG1024 there).
            return null;
        }

        // Where it connects is said before it does, as for every connection (contract §4): here, before validation.
        DescribeOnce(described);
        return ConnectionPrefetch.Start(connectionString, CancellationToken);
    }

    /// <summary>The environments the operation touches (contract §4), or null after reporting why there are none.</summary>
    public IReadOnlyList<MigrationEnvironment>? ResolveEnvironments()
    {
        var resolution = Resolver.Resolve(Operation, Settings.EnvironmentName);
        foreach (var message in resolution.Messages)
        {
            Log.Important(message);
        }

        foreach (var diagnostic in resolution.Diagnostics)
        {
            Log.Report(diagnostic);
        }

        if (resolution.Succeeded && resolution.Environments.Count > 0)
        {
            Summary.Environment = string.Join(", ", resolution.Environments.Select(environment => environment.Name));
        }

        return resolution.Succeeded ? resolution.Environments : null;
    }

    /// <summary>Validates, then picks the one environment the operation runs on; null after reporting why not.</summary>
    public (IReadOnlyList<MigrationPair> Pairs, MigrationEnvironment Environment)? ValidateAndResolveOne()
    {
        var pairs = ValidatedPairs();
        var environments = pairs is null ? null : ResolveEnvironments();
        return pairs is null || environments is null || environments.Count == 0 ? null : (pairs, environments[0]);
    }

    /// <summary>
    /// Reads one real environment's URL and, when <paramref name="runGates"/>, runs the gates; prints the line that
    /// says where the operation is about to connect. Null after reporting why not.
    /// </summary>
    public async Task<ConnectionTarget?> ConnectAsync(MigrationEnvironment environment, bool runGates, IReadOnlyList<(string Property, string? Value)>? commandArguments = null)
    {
        if (environment.IsThrowaway)
        {
            Settings.Invalid($"{environment.Name} is a throwaway database that exists only while {PublicSurface.TargetName(MigrationOperation.Test)} runs; name a real environment with -p:{PublicSurface.EnvironmentProperty}=Staging (or Production).");
            return null;
        }

        if (!ConnectionTarget.TryCreate(environment, Raw.ReadVariable, out var target, out var missing))
        {
            Log.Report(missing);
            return null;
        }

        Summary.Location = (Summary.Location is null ? string.Empty : Summary.Location + "; ")
            + $"{(Summary.Environment == environment.Name ? string.Empty : environment.Name + ": ")}host {target.HostAndPort}, database {target.Database}";

        // Before the gates: MSBuild has logged the variable already, whether or not the operation goes ahead.
        LogExposure.Check(target);
        if (runGates && !await PassesGatesAsync(environment, target, commandArguments ?? []).ConfigureAwait(false))
        {
            return null;
        }

        DescribeOnce(target);
        return target;
    }

    /// <summary>Connects behind the gates and builds the operation context; null after reporting why not.</summary>
    public async Task<(ConnectionTarget Target, OperationContext Context)?> ConnectWithContextAsync(MigrationEnvironment environment, IReadOnlyList<(string Property, string? Value)>? commandArguments = null)
    {
        var target = await ConnectAsync(environment, runGates: true, commandArguments).ConfigureAwait(false);
        var context = target is null ? null : CreateContext(target);
        if (context is not null && gateNotes.Count > 0)
        {
            context = context with { Notes = string.Join("; ", gateNotes) };
        }

        return target is null || context is null ? null : (target, context);
    }

    /// <summary>Everything the database layer needs for one environment; null after reporting an unusable setting.</summary>
    public OperationContext? CreateContext(ConnectionTarget target)
    {
        var lockWait = Settings.LockWait();
        return lockWait is null || !Settings.HistoryIsUsable()
            ? null
            : new OperationContext(target.Environment.Name, target.ConnectionString, Settings.History, Settings.Execution, lockWait.Value, Log);
    }

    /// <summary>Runs database work, turning every expected failure (connection, server, history layout) into a coded error.</summary>
    public async Task<bool> GuardAsync(ConnectionTarget target, Func<Task<bool>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception exception) when (!CancellationToken.IsCancellationRequested && ExpectedFailure.Describe(exception, target, Settings.History) is { } diagnostic)
        {
            Log.Report(diagnostic);
            return false;
        }
    }

    private void DescribeOnce(ConnectionTarget target)
    {
        if (described.Add(target.Environment.Name))
        {
            Log.Important(target.Describe());
        }
    }

    private async Task<bool> PassesGatesAsync(MigrationEnvironment environment, ConnectionTarget target, IReadOnlyList<(string Property, string? Value)> commandArguments)
    {
        var context = new DeploymentGateContext(environment, Operation, Raw.ReadVariable)
        {
            Target = target,
            ProjectPath = Raw.ProjectPath,
            Migration = Settings.Migration,
            Arguments = commandArguments,
            DeploymentWindow = Raw.DeploymentWindow,
            IgnoreWindow = Raw.IgnoreWindow,
            SkipDriftCheck = Raw.SkipDriftCheck,
            CheckDrift = _ =>
            {
                // The check reads the environment: say where first, as every connection does.
                DescribeOnce(target);
                return DriftCheck.RunAsync(this, target);
            },
            Clock = Raw.Clock,
        };
        var results = await DeploymentGates.CheckAsync(DeploymentGates.Standard, context, CancellationToken).ConfigureAwait(false);
        foreach (var result in results.Where(result => result.Diagnostic is not null))
        {
            Log.Report(result.Diagnostic!);
        }

        gateNotes.AddRange(results.Select(result => result.Note).OfType<string>());

        return results.All(result => result.Passed);
    }
}
