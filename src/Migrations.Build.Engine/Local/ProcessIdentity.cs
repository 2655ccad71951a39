using System.Runtime.InteropServices;

namespace Migrations.Build.Engine.Local;

/// <summary>PostgreSQL refuses to run as root, so the local cluster needs to know whether to switch user.</summary>
internal static class ProcessIdentity
{
    public static bool IsRoot
    {
        get
        {
            if (OperatingSystem.IsWindows())
            {
                return false;
            }

            if (string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
            {
                return true;
            }

            try
            {
                return GetEffectiveUserId() == 0;
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
    }

    // DllImport rather than LibraryImport: the latter would force unsafe code on this project for one call.
    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
