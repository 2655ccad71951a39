namespace Migrations.Build.Engine.Commands;

/// <summary>
/// One <c>&lt;MigrationEnvironment&gt;</c> item as the project wrote it: its name and metadata text, unchecked.
/// <see cref="SettingsReader"/> turns it into a <see cref="Environments.MigrationEnvironment"/> or says what is wrong.
/// </summary>
public sealed record EnvironmentDeclaration(
    string Name,
    string? UrlVariable = null,
    string? ConfirmVariable = null,
    string? RequireTestedOn = null,
    string? Backup = null,
    string? CheckDrift = null);
