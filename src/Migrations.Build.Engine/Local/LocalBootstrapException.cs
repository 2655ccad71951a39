namespace Migrations.Build.Engine.Local;

/// <summary>MigrationsLocalBootstrap cannot be used: a missing or unreadable file, or SQL that failed on the throwaway database.</summary>
internal sealed class LocalBootstrapException : Exception
{
    public LocalBootstrapException()
    {
    }

    public LocalBootstrapException(string message)
        : base(message)
    {
    }

    public LocalBootstrapException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
