using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Which statement of a migration sent as one batch is running, and when each started, as a watch learns it from the
/// server. PostgreSQL sends a batch's results only when the batch ends (the extended protocol flushes at its Sync;
/// checked with Npgsql 10.0.3: every command's StatementType stays Unknown until then), so the client knows nothing of
/// the batch's progress while it runs. pg_stat_activity does: the backend's query is the text of the statement it is
/// executing and query_start when that statement began. Statements run in order, so the running one is the first
/// statement at or after the last one seen whose text is that query.
/// </summary>
internal sealed class BatchProgress
{
    /// <summary>
    /// The fewest characters of a query pg_stat_activity may have cut (track_activity_query_size is at least 100
    /// bytes, up to 4 per character); a shorter query must equal a statement's text to be it.
    /// </summary>
    private const int ShortestCutQuery = 24;

    /// <summary>
    /// query_start moves, for one statement, from its Parse to its Bind to its Execute message (planning happens in
    /// between); a look that sees the same text started within this much of the statement seen before sees that
    /// statement, not a repeat of its text.
    /// </summary>
    private static readonly TimeSpan SameStatementWithin = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyList<SqlStatement> _statements;

    /// <summary>When each statement started, on the batch's clock, for the statements a look saw running.</summary>
    private readonly TimeSpan?[] _started;

    /// <summary>For the statements a look saw running: when a later look first found another one running.</summary>
    private readonly TimeSpan?[] _goneBy;

    private DateTime _currentQueryStart;

    public BatchProgress(IReadOnlyList<SqlStatement> statements)
    {
        _statements = statements;
        _started = new TimeSpan?[statements.Count];
        _goneBy = new TimeSpan?[statements.Count];
    }

    /// <summary>The 0-based statement a look last saw running; -1 before any look saw one.</summary>
    public int Current { get; private set; } = -1;

    /// <summary>
    /// The statement a line names: the one last seen running, else the first. The second case is approximate when the
    /// watch cannot look (its connection failed): statements before it may have finished.
    /// </summary>
    public int Named => Math.Max(Current, 0);

    /// <summary>How long <see cref="Named"/> has been running at <paramref name="now"/> (the batch's clock).</summary>
    public TimeSpan RunningAt(TimeSpan now) => now - (Current >= 0 ? _started[Current]!.Value : TimeSpan.Zero);

    /// <summary>
    /// Takes in a look at the backend: its query (null when it is not executing one: before the batch arrived, after it
    /// ended), when that began and how long it had run by the server's clock, and <paramref name="at"/>, when the look's
    /// answer arrived on the batch's clock. A query that is none of the statements (BEGIN, the limits) changes nothing.
    /// </summary>
    public void Observe(string? query, DateTime queryStart, TimeSpan runningOnServer, TimeSpan at)
    {
        if (query is null)
        {
            return;
        }

        if (Current >= 0 && Matches(Current, query) && (queryStart - _currentQueryStart).Duration() < SameStatementWithin)
        {
            return;
        }

        var index = Find(query, Current + 1);
        if (index < 0)
        {
            return;
        }

        if (Current >= 0)
        {
            _goneBy[Current] = at;
        }

        Current = index;
        _currentQueryStart = queryStart;
        _started[index] = at - runningOnServer is { Ticks: > 0 } started ? started : TimeSpan.Zero;
    }

    /// <summary>
    /// How long each statement a look saw running took, given that the batch ended at <paramref name="end"/>: from its
    /// start (the server's) to the start of the next statement seen, or to the first look that found it over, or to the
    /// batch's end, whichever came first. Exact when the next statement was seen too; otherwise it may include the
    /// fast statements that ran after it between two looks (at most a look interval). A statement no look saw ran
    /// shorter than the interval between looks and is not listed.
    /// </summary>
    public IEnumerable<(int Index, TimeSpan Took)> Durations(TimeSpan end)
    {
        TimeSpan? nextStart = null;
        var durations = new List<(int, TimeSpan)>();
        for (var index = _statements.Count - 1; index >= 0; index--)
        {
            if (_started[index] is not { } started)
            {
                continue;
            }

            var ended = Min(_goneBy[index] ?? end, nextStart ?? end);
            durations.Add((index, ended - started));
            nextStart = started;
        }

        durations.Reverse();
        return durations;
    }

    private int Find(string query, int from)
    {
        for (var index = from; index < _statements.Count; index++)
        {
            if (_statements[index].Text == query)
            {
                return index;
            }
        }

        for (var index = from; index < _statements.Count; index++)
        {
            if (query.Length >= ShortestCutQuery && Matches(index, query))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Whether <paramref name="query"/> is statement <paramref name="index"/>'s text, whole or cut short by the server.</summary>
    private bool Matches(int index, string query) =>
        _statements[index].Text == query || (query.Length >= ShortestCutQuery && _statements[index].Text.StartsWith(query, StringComparison.Ordinal));

    private static TimeSpan Min(TimeSpan first, TimeSpan second) => first < second ? first : second;
}
