using System.Diagnostics;
using System.Globalization;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Sql;
using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Accompanies one migration statement while it runs: a <see cref="LockWatch"/> in the background once it has run
/// <see cref="LockWatch.StartAfter"/> (a lock wait, else "Still running after …", as it happens), and, when it is
/// over, one line for a statement slower than
/// <see cref="SlowThreshold"/> — whether it succeeded or failed, since a slow failure (a lock wait ended by
/// lock_timeout) is just as worth seeing. Without a log (<see cref="ExecutionSettings.Log"/>) it does nothing.
/// </summary>
internal sealed class StatementWatch : IAsyncDisposable
{
    public static readonly TimeSpan SlowThreshold = TimeSpan.FromSeconds(1);

    /// <summary>How much of a slow statement its line shows, so the line says which statement without opening the file.</summary>
    private const int StatementLength = 80;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IOperationLog? _log;
    private readonly string _location;
    private readonly SqlStatement _statement;
    private readonly CancellationTokenSource? _stop;
    private readonly Task _watching = Task.CompletedTask;

    private StatementWatch(NpgsqlConnection connection, MigrationScript script, int index, ExecutionSettings settings, CancellationToken cancellationToken)
    {
        _log = settings.Log;
        _statement = script.Sql.Statements[index];
        _location = Location(script, index);
        if (_log is not null)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _watching = LockWatch.RunAsync(connection, connection.ProcessID, _location, StillRunning(script, index), settings, _log, _clock, _stop.Token);
        }
    }

    /// <summary>Statement <paramref name="index"/> of <paramref name="script"/> as <c>file(line,col)</c>.</summary>
    internal static string Location(MigrationScript script, int index)
    {
        var statement = script.Sql.Statements[index];
        return $"{script.FilePath}({statement.Line},{statement.Column})";
    }

    /// <summary>The "Still running after …" line of statement <paramref name="index"/>, given how long it has run.</summary>
    internal static Func<TimeSpan, string> StillRunning(MigrationScript script, int index)
    {
        var location = Location(script, index);

        // Which statement of how many: cheap to know here, and what tells a long no-transaction migration's progress.
        var position = script.StatementCount > 1
            ? string.Create(CultureInfo.InvariantCulture, $", statement {index + 1}/{script.StatementCount}")
            : string.Empty;
        var text = QueryText.Shorten(script.Sql.Statements[index].Text, StatementLength);
        return running => $"Still running after {ElapsedText.Format(running)}: {location}{position}: {text}";
    }

    /// <summary>The line for a statement that took <see cref="SlowThreshold"/> or longer.</summary>
    internal static string SlowLine(string location, SqlStatement statement, TimeSpan took) =>
        $"Slow statement: {location} took {ElapsedText.Format(took)}: {QueryText.Shorten(statement.Text, StatementLength)}";

    /// <summary>Call just before statement <paramref name="index"/> of <paramref name="script"/> is sent; dispose when it has ended, however it ended.</summary>
    public static StatementWatch Start(NpgsqlConnection connection, MigrationScript script, int index, ExecutionSettings settings, CancellationToken cancellationToken) =>
        new(connection, script, index, settings, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        var elapsed = _clock.Elapsed;
        if (_stop is not null)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _watching.ConfigureAwait(false);
            _stop.Dispose();
        }

        if (_log is not null && elapsed >= SlowThreshold)
        {
            // Said at the build's default verbosity, like "Applied …": which statement made a deploy slow is what its log is read for.
            _log.Important(SlowLine(_location, _statement, elapsed));
        }
    }
}
