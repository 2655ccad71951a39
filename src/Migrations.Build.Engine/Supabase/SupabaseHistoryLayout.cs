namespace Migrations.Build.Engine.Supabase;

/// <summary>
/// The columns one database's <c>supabase_migrations.schema_migrations</c> has. CLI releases grew the table
/// (version only, then statements, then name) and the hosted platform may add its own columns, so what is read and
/// written follows what is there rather than one fixed shape.
/// </summary>
/// <param name="Columns">Every column, in table order.</param>
internal sealed record SupabaseHistoryLayout(IReadOnlyList<SupabaseHistoryColumn> Columns)
{
    public bool HasVersion => Find(SupabaseHistoryTable.VersionColumn) is not null;

    public bool HasName => Find(SupabaseHistoryTable.NameColumn) is not null;

    /// <summary>Statements are read and written only as a text array, the CLI's type; any other type is left alone.</summary>
    public bool HasStatements => Find(SupabaseHistoryTable.StatementsColumn) is { IsTextArray: true };

    /// <summary>
    /// Columns an insert of version, name and statements would leave empty although they refuse to be empty: with
    /// any of these, rows cannot be written the way the CLI writes them.
    /// </summary>
    public IReadOnlyList<string> UnwritableColumns =>
        Columns.Where(column => column.NotNull && !column.HasDefault && !IsWritten(column.Name)).Select(column => column.Name).ToList();

    /// <summary>Why rows cannot be written here, or null when they can.</summary>
    public string? WriteProblem()
    {
        if (!HasVersion)
        {
            return $"it has no {SupabaseHistoryTable.VersionColumn} column, so it is not the table the Supabase CLI creates";
        }

        var unwritable = UnwritableColumns;
        return unwritable.Count == 0
            ? null
            : $"its column{(unwritable.Count == 1 ? string.Empty : "s")} {string.Join(", ", unwritable)} must be filled but {(unwritable.Count == 1 ? "is" : "are")} not one the Supabase CLI writes";
    }

    private bool IsWritten(string column) =>
        column == SupabaseHistoryTable.VersionColumn
        || (column == SupabaseHistoryTable.NameColumn && HasName)
        || (column == SupabaseHistoryTable.StatementsColumn && HasStatements);

    private SupabaseHistoryColumn? Find(string name) => Columns.FirstOrDefault(column => column.Name == name);
}

/// <summary>One column of the Supabase history table, as the catalog describes it.</summary>
internal sealed record SupabaseHistoryColumn(string Name, string Type, bool NotNull, bool HasDefault)
{
    public bool IsTextArray => Type is "text[]" or "character varying[]";
}
