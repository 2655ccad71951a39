namespace Migrations.Build.Testing;

/// <summary>Kept for the tests that need a port nothing listens on; the engine's throwaway cluster owns the logic.</summary>
public static class FreeTcpPort
{
    public static int OnLoopback() => Migrations.Build.Engine.Local.FreeTcpPort.OnLoopback();
}
