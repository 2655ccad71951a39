using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Verification;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// TestMigration: proves that each rollback restores the schema — on Staging when its URL is set (leaving the
/// migrations applied and recording the evidence production deploys need), otherwise on a throwaway Local database
/// where the whole chain is replayed, every migration judged (a failure does not hide the ones after it), and the
/// database dropped.
/// </summary>
public static class TestCommand
{
    public static Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken = default) =>
        OperationSequence.RunAsync(MigrationOperation.Test, settings, log, RunAsync, cancellationToken);

    private static async Task<bool> RunAsync(OperationSequence sequence)
    {
        if (sequence.ValidateAndResolveOne() is not var (pairs, environment) || sequence.Settings.Refutation() is not { } refutation
            || sequence.Settings.StagingTestUrlVariable() is not { } stagingTestUrlVariable)
        {
            return false;
        }

        if (environment.IsThrowaway)
        {
            return await RunOnThrowawayAsync(sequence, environment, pairs, refutation).ConfigureAwait(false);
        }

        if (await sequence.ConnectWithContextAsync(environment).ConfigureAwait(false) is not var (target, context))
        {
            return false;
        }

        var applicationTests = ApplicationTestsFor(sequence.Raw, environment, stagingTestUrlVariable);
        return await sequence.GuardAsync(target, async () =>
        {
            var outcome = await TestOperation.RunAsync(context with { Refutation = refutation, KeepSupabaseHistory = sequence.Raw.SupabaseHistory }, pairs, sequence.Settings.Migration, applicationTests, sequence.CancellationToken).ConfigureAwait(false);
            sequence.Summary.AddOutcome(outcome, "proven");
            return outcome.Succeeded;
        }).ConfigureAwait(false);
    }

    /// <summary>MigrationsStagingTestCommand for a real environment, with the URL exactly as the user set it; null when none is configured.</summary>
    private static StagingApplicationTests? ApplicationTestsFor(OperationSettings raw, MigrationEnvironment environment, string urlVariable) =>
        string.IsNullOrWhiteSpace(raw.StagingTestCommand)
            ? null
            : new StagingApplicationTests(
                raw.StagingTestCommand.Trim(),
                urlVariable,
                raw.ReadVariable(environment.UrlVariable) ?? string.Empty,
                string.IsNullOrWhiteSpace(raw.ProjectDirectory) ? Directory.GetCurrentDirectory() : raw.ProjectDirectory,
                raw.ProjectPath);

    private static async Task<bool> RunOnThrowawayAsync(OperationSequence sequence, MigrationEnvironment environment, IReadOnlyList<MigrationPair> pairs, RefutationOptions refutation)
    {
        var raw = sequence.Raw;
        var serverUrl = raw.ReadVariable(environment.UrlVariable);
        if (!string.IsNullOrWhiteSpace(serverUrl) && ConnectionUrl.TryParse(serverUrl, out var server, out _))
        {
            sequence.LogExposure.Check(environment.UrlVariable, hasPassword: !string.IsNullOrEmpty(server.Password));
        }

        try
        {
            var bootstrap = LocalBootstrap.Resolve(raw.LocalBootstrap, raw.RelativePathBase);
            var options = sequence.Settings.ThrowawayServer(environment) with { Target = await TargetServerLookup.ReadAsync(sequence).ConfigureAwait(false) };
            var replay = new ReplaySettings { Selector = sequence.Settings.Migration, Execution = sequence.Settings.Execution, StopOnFirstFailure = raw.StopOnFirstFailure, Refutation = refutation };
            var summary = await LocalReplay.RunAsync(options, bootstrap, pairs, replay, sequence.Log, sequence.CancellationToken).ConfigureAwait(false);
            if (summary is not null)
            {
                AddToStepSummary(sequence, summary);
            }

            return summary is { Succeeded: true };
        }
        catch (LocalBootstrapException exception)
        {
            sequence.Settings.Invalid(exception.Message);
            return false;
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException && !sequence.CancellationToken.IsCancellationRequested)
        {
            // MIGRATIONS_LOCAL_URL may carry a password, and a driver message may quote what it was given.
            var message = PasswordRedaction.Redact(exception.Message, raw.ReadVariable(environment.UrlVariable));
            sequence.Log.Report(new Diagnostic(DiagnosticCatalog.DatabaseUnreachable, SourceLocation.None, $"The throwaway Local database failed: {message}"));
            return false;
        }
    }

    /// <summary>A Local replay's judgement of each migration, for the CI step summary.</summary>
    private static void AddToStepSummary(OperationSequence sequence, ReplaySummary replay)
    {
        (IReadOnlyList<string> Ids, string State)[] kinds =
        [
            (replay.Proven, "proven"), (replay.Refuted, "refuted"), (replay.Failed, "failed"), (replay.Irreversible, "irreversible"),
            (replay.AppliedOnly, "applied before the one under test"), (replay.NotReached, "not reached"),
        ];
        foreach (var (ids, state) in kinds)
        {
            foreach (var id in ids)
            {
                sequence.Summary.AddMigration(id, state, null);
            }
        }
    }
}
