namespace Migrations.Build.Engine.Analysis;

/// <summary>The statements that can destroy rows or values a database already holds.</summary>
internal enum DestructiveChangeKind
{
    /// <summary>DROP TABLE: every row of the table (and of its partitions or inheritance children).</summary>
    DropTable,

    /// <summary>TRUNCATE: every row; with CASCADE also the rows of tables whose foreign keys point at it.</summary>
    Truncate,

    /// <summary>ALTER TABLE … DROP COLUMN: the column's non-null values.</summary>
    DropColumn,

    /// <summary>DROP SCHEMA … CASCADE: every table in it, and columns elsewhere of the types defined in it.</summary>
    DropSchemaCascade,

    /// <summary>DROP TYPE/DOMAIN … CASCADE: every column of that type (or of a domain or array over it).</summary>
    DropTypeCascade,
}
