using System.Diagnostics;
using System.Globalization;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// MigrationsStagingTestCommand: the team's application tests (e.g. <c>dotnet test ../Billing.Tests</c>), run through
/// the platform shell in the project folder once TestMigration has applied its migrations on Staging. The command gets
/// the staging URL in the variable the user named, the libpq PG* variables and
/// <c>MIGRATIONS_STAGING_CONNECTION_STRING</c> (Npgsql form); its exit code and duration are written to the
/// <c>test</c> rows of this run — the evidence RequireTestedOn checks (MIG1004). A failure is MIG1029.
/// </summary>
internal sealed record StagingApplicationTests(string Command, string UrlVariable, string Url, string WorkingDirectory, string? ProjectPath)
{
    /// <summary>The Npgsql key=value connection string for .NET test projects, which cannot use a postgres:// URL as is.</summary>
    public const string ConnectionStringVariable = "MIGRATIONS_STAGING_CONNECTION_STRING";

    /// <summary>PGAPPNAME of the command, so its sessions are recognisable on the staging server.</summary>
    public const string ApplicationName = "Migrations.Build application tests";

    /// <summary>How many of the command's last output lines a failure quotes; the full output is in the log above it.</summary>
    private const int QuotedLines = 20;

    /// <summary>
    /// Runs the command and records its outcome on <paramref name="testRowIds"/>; false (after MIG1029) when it failed
    /// or could not start. Cancelling the build kills the command's whole process tree.
    /// </summary>
    public async Task<bool> RunAsync(OperationContext context, HistoryStore history, Npgsql.NpgsqlConnection connection, IReadOnlyList<long> testRowIds, IReadOnlyList<string> proven, CancellationToken cancellationToken)
    {
        var secret = new Npgsql.NpgsqlConnectionStringBuilder(context.ConnectionString).Password;
        var environment = new Dictionary<string, string?>(ClientEnvironment.For(context.ConnectionString, ApplicationName), StringComparer.Ordinal)
        {
            [ConnectionStringVariable] = context.ConnectionString,
            [UrlVariable] = Url,
        };
        var lastLines = new Queue<string>();
        var (fileName, arguments, rawArguments) = ShellCommand.For(Command);
        context.Log.Important($"Running the application tests on {context.EnvironmentName} ({PublicSurface.StagingTestCommandProperty}): {Redact(Command, secret)}");
        var clock = Stopwatch.StartNew();
        ChildProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(
                fileName,
                arguments,
                WorkingDirectory,
                Timeout.InfiniteTimeSpan,
                environment,
                rawArguments,
                line =>
                {
                    var redacted = Redact(line, secret);

                    // Standard output and standard error arrive on two threads; one at a time keeps the log's lines whole.
                    lock (lastLines)
                    {
                        context.Log.Important(redacted);
                        lastLines.Enqueue(redacted);
                        if (lastLines.Count > QuotedLines)
                        {
                            lastLines.Dequeue();
                        }
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The test rows keep no application-test result, which RequireTestedOn reads as "not proven" (MIG1004).
            context.Log.Important(
                $"The application tests on {context.EnvironmentName} were stopped by the cancellation before they finished, so they prove nothing: "
                + $"{string.Join(", ", proven)} stay applied on {context.EnvironmentName}, and a deploy that requires them tested there with {PublicSurface.StagingTestCommandProperty} set refuses them (MIG1004) until a TestMigration run with passing application tests is recorded.");
            throw;
        }

        var milliseconds = (long)clock.Elapsed.TotalMilliseconds;
        await history.RecordApplicationTestsAsync(connection, testRowIds, result.ExitCode, milliseconds, cancellationToken).ConfigureAwait(false);
        var duration = milliseconds.ToString(CultureInfo.InvariantCulture) + " ms";
        if (result.ExitCode == 0)
        {
            context.Log.Important($"The application tests passed on {context.EnvironmentName} in {duration}; recorded with the test evidence of {string.Join(", ", proven)}.");
            return true;
        }

        // A command that never started has no output lines; its reason is the error text ChildProcess captured.
        var what = lastLines.Count == 0 && result.ExitCode == -1 && !string.IsNullOrWhiteSpace(result.StandardError) && string.IsNullOrEmpty(result.StandardOutput)
            ? $"could not be started: {Redact(result.StandardError.Trim(), secret).TrimEnd('.')}."
            : $"exited with code {result.ExitCode.ToString(CultureInfo.InvariantCulture)} after {duration}"
              + (lastLines.Count == 0 ? " without output." : $"; its last lines:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, lastLines)}{System.Environment.NewLine}");
        var rollbacks = proven.Reverse().Select(id => PublicSurface.Command(ProjectPath, MigrationOperation.Rollback, (PublicSurface.EnvironmentProperty, context.EnvironmentName), (PublicSurface.MigrationProperty, id)));
        context.Log.Report(new Diagnostic(
            DiagnosticCatalog.ApplicationTestsFailed,
            SourceLocation.None,
            $"The application tests on {context.EnvironmentName} failed: `{Redact(Command, secret)}` ({PublicSurface.StagingTestCommandProperty}) {what}"
            + (what.EndsWith(System.Environment.NewLine, StringComparison.Ordinal) ? string.Empty : " ")
            + $"The migrations stay applied on {context.EnvironmentName} ({string.Join(", ", proven)}); to undo them, run (latest first): {string.Join(" ; ", rollbacks)}."
            + $" Environments with RequireTestedOn=\"{context.EnvironmentName}\" refuse them until a TestMigration run with passing application tests is recorded: fix the tests or the migration, then run "
            + $"{PublicSurface.Command(ProjectPath, MigrationOperation.Test, (PublicSurface.EnvironmentProperty, context.EnvironmentName), (PublicSurface.MigrationProperty, proven[^1]))} again."));
        return false;
    }

    private static string Redact(string text, string? secret) => PasswordRedaction.Redact(text, secret);
}
