namespace Migrations.Build.Engine.Runbooks;

/// <summary>
/// Where and for what a deploy to an environment with a ConfirmVariable writes its rollback runbook, and what the
/// runbook's commands need to name: the project, the environment's URL and confirmation variables.
/// </summary>
/// <param name="Directory">Where runbooks go (absolute).</param>
/// <param name="ProjectPath">The project file, so the commands can be pasted as they are; null lets MSBuild find it.</param>
/// <param name="Path">The file of this deploy's runbook, chosen once something is about to be applied.</param>
internal sealed record RunbookSettings(string Directory, string? ProjectPath, string UrlVariable, string ConfirmVariable)
{
    public string? Path { get; init; }
}
