namespace Migrations.Build.Engine.Local;

/// <summary>
/// Why one source did not provide the server. <see cref="Remedy"/> tells a developer how to make it work, so a
/// failure message can explain all three options at once. Reasons are redacted: they never hold a password.
/// </summary>
internal sealed record SkippedSource(ThrowawayServerSource Source, string Title, string Reason, string Remedy);
