using Migrations.Build.BenchSupport;

namespace Migrations.Build.Bench.Tests;

[TestClass]
public sealed class MachineDescriptionTests
{
    [TestMethod]
    public void Names_cores_runtime_and_load()
    {
        var description = MachineDescription.Current();

        StringAssert.StartsWith(description, $"{Environment.ProcessorCount} logical cores, ");
        StringAssert.Contains(description, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        StringAssert.Contains(description, " GC; load average ");
    }
}
