namespace Migrations.Build.Engine.Environments;

/// <summary>
/// A connection URL that cannot be used. The message says which part is wrong and how to write it, and
/// never repeats the value: it may hold a password, and these messages end up in CI logs.
/// </summary>
internal sealed class ConnectionUrlFormatException : FormatException
{
    public ConnectionUrlFormatException()
    {
    }

    public ConnectionUrlFormatException(string message)
        : base(message)
    {
    }

    public ConnectionUrlFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
