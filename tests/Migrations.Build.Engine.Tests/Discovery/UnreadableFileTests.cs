using System.Runtime.Versioning;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Tests.Discovery;

/// <summary>
/// A regular file the operating system will not let us read stays MIG0010 (what to fix is the permission or the
/// other program), never MIG0011, which is about what the path is.
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
[UnsupportedOSPlatform("windows")]
public sealed class UnreadableFileTests
{
    private const string Forward = "20250101000000_x.sql";

    [TestMethod]
    public void A_file_without_read_permission_is_MIG0010_or_read_when_the_user_may_read_anything()
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write(Forward, "create table t (id int);\n");
        folder.Write("20250101000000_x_rollback.sql", "drop table t;\n");
        File.SetUnixFileMode(forward, UnixFileMode.None);

        var set = MigrationDiscovery.Discover(new MigrationDiscoveryOptions(folder.Root));

        Assert.IsFalse(set.Diagnostics.Any(d => d.Code == "MIG0011"), string.Join(Environment.NewLine, set.Diagnostics));
        if (CanRead(forward))
        {
            // Root (as in CI) reads through mode 000: the file is an ordinary, readable migration.
            Assert.IsEmpty(set.Diagnostics, string.Join(Environment.NewLine, set.Diagnostics));
            Assert.AreEqual(MigrationText.ComputeChecksum("create table t (id int);\n"), set.Pairs.Single().Forward.Checksum);
        }
        else
        {
            var diagnostic = set.Diagnostics.Single();
            Assert.AreEqual("MIG0010", diagnostic.Code);
            Assert.AreEqual(new SourceLocation(forward, 1, 1), diagnostic.Location);
            StringAssert.StartsWith(diagnostic.Message, $"'{Forward}' cannot be read: Access to the path");
        }
    }

    [TestMethod]
    public void A_file_another_program_holds_exclusively_is_MIG0010_even_for_root()
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write(Forward, "create table t (id int);\n");
        folder.Write("20250101000000_x_rollback.sql", "drop table t;\n");

        // .NET takes an advisory lock for FileShare.None that every .NET reader (discovery included) respects,
        // whoever runs it: a condition root cannot read through, unlike permissions.
        using (new FileStream(forward, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var set = MigrationDiscovery.Discover(new MigrationDiscoveryOptions(folder.Root));

            var diagnostic = set.Diagnostics.Single();
            Assert.AreEqual("MIG0010", diagnostic.Code, diagnostic.ToString());
            Assert.AreEqual(new SourceLocation(forward, 1, 1), diagnostic.Location);
            Assert.AreEqual(
                $"'{Forward}' cannot be read: The process cannot access the file '{forward}' because it is being used by another process. Check the file's permissions and that no other program holds it.",
                diagnostic.Message);
        }
    }

    private static bool CanRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
