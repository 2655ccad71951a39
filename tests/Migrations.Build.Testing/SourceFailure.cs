namespace Migrations.Build.Testing;

/// <summary>Why one source could not provide a server; <see cref="Remedy"/> tells a developer how to make it work.</summary>
public sealed record SourceFailure(PostgresServerSource Source, string Title, string Reason, string Remedy);
