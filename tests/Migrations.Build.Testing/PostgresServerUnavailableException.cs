using System.Text;

namespace Migrations.Build.Testing;

/// <summary>
/// Thrown when none of the three sources yields a server. Database tests fail rather than skip: a
/// silently skipped suite looks green in CI while testing nothing.
/// </summary>
public sealed class PostgresServerUnavailableException : Exception
{
    public PostgresServerUnavailableException(IReadOnlyList<SourceFailure> failures)
        : base(Compose(failures))
    {
        Failures = failures;
    }

    public PostgresServerUnavailableException()
        : this([])
    {
    }

    public PostgresServerUnavailableException(string message)
        : base(message)
    {
        Failures = [];
    }

    public PostgresServerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [];
    }

    public IReadOnlyList<SourceFailure> Failures { get; }

    private static string Compose(IReadOnlyList<SourceFailure> failures)
    {
        var message = new StringBuilder("No PostgreSQL server is available for the database tests. Tried, in order:");
        var number = 1;
        foreach (var failure in failures)
        {
            message.AppendLine()
                .Append(number++).Append(". ").Append(failure.Title).Append(": ").AppendLine(failure.Reason)
                .Append("   To use it: ").Append(failure.Remedy);
        }

        return message.ToString();
    }
}
