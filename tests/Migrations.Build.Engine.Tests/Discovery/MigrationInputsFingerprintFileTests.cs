using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Tests.Discovery;

/// <summary>
/// The fingerprint file is either current or absent after a refresh (both make the build's check right), and when it
/// can be neither, the refresh fails with MIG0020 instead of leaving an old fingerprint that would skip validation.
/// </summary>
[TestClass]
public sealed class MigrationInputsFingerprintFileTests
{
    [TestMethod]
    public void The_file_is_written_when_missing_and_left_alone_when_current()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250101000000_first");
        using var obj = new MigrationFolder(); // beside the migrations, as obj/ is
        var file = Path.Combine(obj.Root, "migrations", "validation.fingerprint");

        Assert.IsNull(Refresh(folder, file).Error);
        Assert.AreEqual(MigrationInputsFingerprint.Compute(folder.Root, null, "s"), File.ReadAllText(file));

        var written = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, written);
        var again = Refresh(folder, file);
        Assert.IsNull(again.Error);
        Assert.IsNull(again.Note);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(file), "an unchanged fingerprint keeps the file's time");

        folder.WritePair("20250102000000_second");
        Assert.IsNull(Refresh(folder, file).Error);
        Assert.AreEqual(MigrationInputsFingerprint.Compute(folder.Root, null, "s"), File.ReadAllText(file));
    }

    [TestMethod]
    public void A_file_that_cannot_be_written_where_nothing_stands_leaves_no_fingerprint_and_no_error()
    {
        // The folder that should hold the file is a regular file: nothing can be written there, and nothing stale exists.
        using var folder = new MigrationFolder();
        folder.WritePair("20250101000000_first");
        using var obj = new MigrationFolder();
        var notAFolder = obj.Write("migrations", "a file where the folder should be\n");
        var file = Path.Combine(notAFolder, "validation.fingerprint");

        var outcome = Refresh(folder, file);

        Assert.IsNull(outcome.Error);
        StringAssert.StartsWith(outcome.Note, "Could not fingerprint the migrations (");
        StringAssert.EndsWith(outcome.Note, "); validation runs.");
        Assert.IsFalse(File.Exists(file));
    }

    [TestMethod]
    public void A_folder_in_the_files_place_is_MIG0020()
    {
        // Neither written nor removable: an old fingerprint there could make the next build skip validation.
        using var folder = new MigrationFolder();
        folder.WritePair("20250101000000_first");
        using var obj = new MigrationFolder();
        var file = Path.Combine(obj.Root, "validation.fingerprint");
        obj.Write(Path.Combine("validation.fingerprint", "kept.txt"), "something someone put here\n");

        var outcome = Refresh(folder, file);

        Assert.IsNotNull(outcome.Error);
        Assert.AreEqual(DiagnosticCatalog.ValidationFingerprintUnwritable, outcome.Error.Descriptor);
        Assert.IsTrue(outcome.Error.IsError);
        StringAssert.StartsWith(outcome.Error.Message, $"Cannot update or remove the validation fingerprint '{file}' (");
        StringAssert.Contains(outcome.Error.Message, "; a folder is in its place), so the build cannot tell whether a migration changed");
        Assert.IsTrue(File.Exists(Path.Combine(file, "kept.txt")), "nothing of the user's is deleted");
    }

    private static MigrationInputsFingerprintFile.Outcome Refresh(MigrationFolder folder, string file) =>
        MigrationInputsFingerprintFile.Refresh(folder.Root, null, "s", file);
}
