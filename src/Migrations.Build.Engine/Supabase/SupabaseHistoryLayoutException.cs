namespace Migrations.Build.Engine.Supabase;

/// <summary>The database's <c>supabase_migrations.schema_migrations</c> is not a table the Supabase CLI's history can be read from or written to.</summary>
internal sealed class SupabaseHistoryLayoutException(string message) : Exception(message);
