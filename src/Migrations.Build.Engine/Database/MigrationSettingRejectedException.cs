namespace Migrations.Build.Engine.Database;

/// <summary>PostgreSQL refused a per-migration limit (MigrationsLockTimeout, MigrationsStatementTimeout) as given.</summary>
internal sealed class MigrationSettingRejectedException(string message, Exception inner) : Exception(message, inner);
