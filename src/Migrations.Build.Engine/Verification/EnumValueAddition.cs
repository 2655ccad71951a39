using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// Whether a script adds an enum value. The rollback of such a migration usually has to touch rows holding the new
/// value, and PostgreSQL rejects that in the transaction that added it (55P04), so one-transaction proof would
/// refute a rollback that is correct when it runs, as it does in a deploy, after the forward committed.
/// </summary>
internal static class EnumValueAddition
{
    public static bool IsIn(MigrationScript script) =>
        new ClassifiedScript(script.Sql).Statements.Any(statement => statement.AddsEnumValue);
}
