using System.Runtime;
using System.Runtime.InteropServices;

namespace Migrations.Build.BenchSupport;

/// <summary>
/// The line every benchmark prints above its numbers, so a table can be read against the machine that produced it:
/// cores, processor, runtime, operating system, GC mode and how busy the machine was.
/// </summary>
public static class MachineDescription
{
    /// <summary>E.g. "2 logical cores, AMD EPYC; .NET 10.0.12; Debian GNU/Linux 12 (bookworm); workstation GC; load average 1.70 1.20 0.90".</summary>
    public static string Current() =>
        $"{Environment.ProcessorCount} logical cores, {Processor()}; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; "
        + $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC; load average {LoadAverage()}";

    /// <summary>
    /// The 1, 5 and 15 minute load averages, or "n/a" off Linux. On a shared machine this says how much of the spread
    /// between runs is other people's work.
    /// </summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Processor()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                ?? "processor unknown";
        }
        catch (IOException)
        {
            // Not Linux: the processor count and runtime still say what ran.
            return "processor unknown";
        }
    }
}
