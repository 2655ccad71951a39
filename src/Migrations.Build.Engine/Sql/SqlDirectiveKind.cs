namespace Migrations.Build.Engine.Sql;

/// <summary>The <c>-- migrations:&lt;name&gt;</c> comment directives of contract §2.</summary>
public enum SqlDirectiveKind
{
    /// <summary>A <c>migrations:</c> name the contract does not define; kept so a checker can point at the typo.</summary>
    Unknown,

    /// <summary><c>no-transaction</c>: run statement by statement outside a transaction.</summary>
    NoTransaction,

    /// <summary><c>irreversible</c>: a rollback that deliberately does nothing.</summary>
    Irreversible,

    /// <summary><c>disable MIGnnnn[,MIGnnnn] [reason]</c>: suppress codes for the statement that follows.</summary>
    Disable,

    /// <summary><c>disable-file MIGnnnn[,MIGnnnn] [reason]</c>: suppress codes for the whole file.</summary>
    DisableFile,
}
