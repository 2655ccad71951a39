using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// The connection ended while a migration ran: the server was restarted, our backend was terminated, the network
/// dropped. What it means for the database depends on how the script ran, so the diagnostic says it outright.
/// </summary>
/// <param name="StatementNumber">The 1-based statement that was running; 0 before the first, or total + 1 at commit.</param>
/// <param name="RecordingNote">What became of the history row, filled in once recording was tried.</param>
internal sealed record ConnectionLoss(
    string FilePath,
    int Line,
    int Column,
    int StatementNumber,
    int StatementsTotal,
    bool RunsOutsideTransaction,
    string Reason,
    string? RecordingNote = null)
{
    public Diagnostic ToDiagnostic() => new(
        DiagnosticCatalog.ConnectionLost,
        new SourceLocation(FilePath, Line, Column),
        $"The connection was lost {Where()} ({Reason}). {Meaning()}" + (RecordingNote is null ? string.Empty : " " + RecordingNote));

    /// <summary>The history row's error text: the same facts without the advice.</summary>
    public string HistoryText => $"connection lost {Where()} ({Reason})";

    private string Where() => StatementNumber switch
    {
        0 => "before the first statement ran",
        _ when StatementNumber > StatementsTotal && RunsOutsideTransaction => "after its last statement, while its progress was being recorded",
        _ when StatementNumber > StatementsTotal => "while the migration was being committed",
        _ => $"while statement {StatementNumber} of {StatementsTotal} was running",
    };

    private string Meaning()
    {
        if (!RunsOutsideTransaction)
        {
            return StatementNumber > StatementsTotal
                ? "The commit may or may not have reached the server: its history row commits with it, so MigrationStatus shows whether it is applied."
                : "Nothing of this migration was committed: its transaction ended with the connection. Deploy again once the server answers.";
        }

        if (StatementNumber > StatementsTotal)
        {
            return $"All {StatementsTotal} statements of this no-transaction migration completed, but history could not record it: it stays partial until you record the outcome with ResolveMigration (As=applied).";
        }

        var done = Math.Max(0, StatementNumber - 1);
        var applied = done switch
        {
            0 => "No statement of this no-transaction migration had completed",
            1 => "Statement 1 of this no-transaction migration is applied",
            _ => $"Statements 1–{done} of this no-transaction migration are applied",
        };
        return $"{applied}; statement {StatementNumber} may or may not have completed (an interrupted CREATE INDEX CONCURRENTLY leaves an INVALID index, which the next deploy or status names). "
            + "It stays partial until you settle it: check the database, then roll it back or record the outcome with ResolveMigration.";
    }
}
