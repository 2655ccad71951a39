using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Tests.Discovery;

/// <summary>
/// The fingerprint that decides whether the build validates again changes with every change that can change
/// validation's outcome (a file added, removed, renamed or edited, in either folder or a subfolder, or a setting),
/// and only then.
/// </summary>
[TestClass]
public sealed class MigrationInputsFingerprintTests
{
    [TestMethod]
    public void Nothing_changed_gives_the_same_fingerprint()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250101000000_first");

        Assert.AreEqual(Of(folder), Of(folder));
    }

    [TestMethod]
    [DataRow("added")]
    [DataRow("removed")]
    [DataRow("renamed")]
    [DataRow("edited")]
    [DataRow("added in a subfolder")]
    [DataRow("rewritten with the same size and modification time")]
    [DataRow("setting")]
    public void A_change_gives_another_fingerprint(string change)
    {
        if (OperatingSystem.IsWindows() && change.StartsWith("rewritten", StringComparison.Ordinal))
        {
            Assert.Inconclusive("Windows exposes no change time: there the fingerprint compares size and modification time, as MSBuild does.");
        }

        using var folder = new MigrationFolder();
        folder.WritePair("20250101000000_first");
        var forward = folder.Write("20250102000000_second.sql", "create table t2 (id int);\n");
        var modified = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc); // whole seconds: set back exactly
        File.SetLastWriteTimeUtc(forward, modified);
        var before = Of(folder);

        var settings = "exposed=public";
        switch (change)
        {
            case "added":
                folder.WritePair("20250103000000_third");
                break;
            case "removed":
                File.Delete(forward);
                break;
            case "renamed":
                File.Move(forward, Path.Combine(folder.Root, "20250102000000_renamed.sql"));
                break;
            case "edited":
                File.AppendAllText(forward, "-- more\n");
                break;
            case "added in a subfolder":
                folder.Write("seeds/20250104000000_seed.sql", "select 1;\n");
                break;
            case "rewritten with the same size and modification time":
                File.WriteAllText(forward, "create table t3 (id int);\n");
                File.SetLastWriteTimeUtc(forward, modified);
                break;
            case "setting":
                settings = "exposed=api";
                break;
        }

        Assert.AreNotEqual(before, Of(folder, settings), change);
    }

    [TestMethod]
    public void A_separate_rollback_folder_is_part_of_it()
    {
        using var folder = new MigrationFolder();
        folder.Write("forward/20250101000000_first.sql", "create table t (id int);\n");
        var rollbacks = Path.Combine(folder.Root, "rollback");
        folder.Write("rollback/20250101000000_first_rollback.sql", "drop table t;\n");
        var before = MigrationInputsFingerprint.Compute(Path.Combine(folder.Root, "forward"), rollbacks, "s");

        File.AppendAllText(Path.Combine(rollbacks, "20250101000000_first_rollback.sql"), "-- more\n");

        Assert.AreNotEqual(before, MigrationInputsFingerprint.Compute(Path.Combine(folder.Root, "forward"), rollbacks, "s"));
    }

    private static string Of(MigrationFolder folder, string settings = "exposed=public") =>
        MigrationInputsFingerprint.Compute(folder.Root, null, settings);
}
