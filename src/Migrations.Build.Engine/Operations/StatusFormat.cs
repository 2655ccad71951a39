namespace Migrations.Build.Engine.Operations;

/// <summary>The shapes MigrationStatus can print: <c>table</c> for terminals and CI logs, <c>json</c> for tools, <c>markdown</c> for documents.</summary>
public enum StatusFormat
{
    Table,
    Json,
    Markdown,
}
