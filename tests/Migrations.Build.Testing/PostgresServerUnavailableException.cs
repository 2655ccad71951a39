using Migrations.Build.Engine.Local;

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

    /// <summary>The engine's explanation (every source, reason and remedy) under a headline naming the test suite.</summary>
    private static string Compose(IReadOnlyList<SourceFailure> failures) =>
        new LocalServerUnavailable(failures.Select(ToSkippedSource).ToList()).Explain("No PostgreSQL server is available for the database tests.");

    private static SkippedSource ToSkippedSource(SourceFailure failure) => new(
        failure.Source switch
        {
            PostgresServerSource.DatabaseUrl => ThrowawayServerSource.Url,
            PostgresServerSource.Testcontainers => ThrowawayServerSource.Docker,
            _ => ThrowawayServerSource.LocalBinaries,
        },
        failure.Title,
        failure.Reason,
        failure.Remedy);
}
