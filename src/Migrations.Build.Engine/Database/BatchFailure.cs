using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Which command of a failed <see cref="NpgsqlBatch"/> the server refused. Npgsql leaves
/// <c>PostgresException.BatchCommand</c> empty here (seen with Npgsql 10, ExecuteNonQuery and ExecuteReader alike), but
/// it fills in each command's <see cref="NpgsqlBatchCommand.StatementType"/> from its CommandComplete as it reads it;
/// the server runs a batch in order and skips everything after an error, so the refused command is the first one
/// without a completion.
/// </summary>
internal static class BatchFailure
{
    public static bool IsAmong(IEnumerable<NpgsqlBatchCommand> sent, IReadOnlyList<NpgsqlBatchCommand> suspects)
    {
        foreach (var command in sent)
        {
            if (command.StatementType == StatementType.Unknown)
            {
                return suspects.Contains(command);
            }
        }

        return false;
    }

    /// <summary>
    /// The 0-based position of the first command of <paramref name="sent"/> without a completion, or -1 when all
    /// completed. After a server error it is the refused command; after a lost connection it is the one running when the
    /// server ended the session (a terminated backend flushes the completions before its last message) — or an earlier
    /// one when the completions the server held were lost with the network.
    /// </summary>
    public static int FirstIncomplete(IList<NpgsqlBatchCommand> sent)
    {
        for (var index = 0; index < sent.Count; index++)
        {
            if (sent[index].StatementType == StatementType.Unknown)
            {
                return index;
            }
        }

        return -1;
    }
}
