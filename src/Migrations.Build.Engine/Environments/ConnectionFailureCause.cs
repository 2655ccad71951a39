namespace Migrations.Build.Engine.Environments;

/// <summary>Why a connection attempt failed, as far as the exception tells; each cause has its own advice.</summary>
public enum ConnectionFailureCause
{
    /// <summary>Nothing recognisable; the driver's own reason is quoted.</summary>
    Other,

    /// <summary>DNS did not resolve the host name.</summary>
    HostNotFound,

    /// <summary>The host answered, but nothing accepted a connection on the port.</summary>
    ConnectionRefused,

    /// <summary>No answer within the connection timeout (a silent firewall, a wrong address, a server down).</summary>
    Timeout,

    /// <summary>The server refused the credentials or the role (SQLSTATE 28P01 or 28000).</summary>
    AuthenticationFailed,

    /// <summary>The server has no database of that name (SQLSTATE 3D000).</summary>
    DatabaseDoesNotExist,

    /// <summary>TLS could not be set up: not offered by the server, handshake failed, or certificate rejected.</summary>
    TlsFailure,
}
