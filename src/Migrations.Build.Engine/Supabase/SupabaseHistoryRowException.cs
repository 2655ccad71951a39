using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Supabase;

/// <summary>The server refused a migration's Supabase history row, which must commit with it; the migration was rolled back with it.</summary>
internal sealed class SupabaseHistoryRowException(Diagnostic diagnostic, Exception inner) : Exception(diagnostic.Message, inner)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
