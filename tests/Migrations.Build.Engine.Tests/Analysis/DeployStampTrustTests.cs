using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// DeployMigration's validation trusts unchanged stamps only where the file still carries its checksum
/// (<see cref="MigrationDiscoveryOptions.UnreadFilesKeepChecksums"/>), because it compares applied files' checksums with
/// history; and a file it applies is read (<see cref="MigrationDiscovery.ReadToApply"/>) and accepted only as the content
/// validated. The database side is in Migrations.Build.Database.Tests (DeployStampTrustTests).
/// </summary>
[TestClass]
public sealed class DeployStampTrustTests
{
    [TestInitialize]
    public void NeedsStamps()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Windows exposes no change time, so no stamp is trusted there.");
        }
    }

    [TestMethod]
    public void Unread_files_carry_the_checksum_a_full_read_computes_and_CRLF_files_are_read()
    {
        using var folder = new MigrationFolder();
        PlantedCorpus.Write(folder, pairs: 40);
        var cache = Path.Combine(folder.Root, "obj");
        Validate(folder, cache);

        var trusted = Validate(folder, cache);
        var full = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root));

        var unread = trusted.Set.Files.Where(file => file.IsUnread).ToList();
        Assert.IsTrue(unread.Count > 40, $"most files are left unread: {unread.Count}");
        Assert.IsTrue(unread.All(file => !File.ReadAllText(file.Path).Contains('\r', StringComparison.Ordinal)), "a CRLF file's cache key is not its checksum, so it is read");
        Assert.IsTrue(trusted.Set.Files.Any(file => !file.IsUnread && File.ReadAllText(file.Path).Contains('\r', StringComparison.Ordinal)), "the corpus has CRLF files");
        CollectionAssert.AreEqual(
            full.Set.Files.Select(file => $"{file.Path} {file.Checksum}").ToList(),
            trusted.Set.Files.Select(file => $"{file.Path} {file.Checksum}").ToList());
    }

    [TestMethod]
    public void A_file_read_to_apply_has_its_text_only_while_its_bytes_are_the_content_validated()
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write("20250101000000_first.sql", "create table first_t (id int);\n");
        folder.Write("20250101000000_first_rollback.sql", "drop table first_t;\n");
        var cache = Path.Combine(folder.Root, "obj");
        Validate(folder, cache);
        var unread = Validate(folder, cache).Set.Pairs.Single().Forward;
        Assert.IsTrue(unread.IsUnread);

        var problems = new List<Diagnostic>();
        var read = MigrationDiscovery.ReadToApply(unread, problems);
        Assert.AreEqual(0, problems.Count, string.Join(" | ", problems));
        Assert.AreEqual("create table first_t (id int);\n", read.Content?.Text);
        Assert.AreEqual(unread.Checksum, read.Checksum);

        File.WriteAllText(forward, "create table first_x (id int);\n");
        var changed = MigrationDiscovery.ReadToApply(unread, problems);
        Assert.AreEqual("MIG1034", problems.Single().Code);
        Assert.AreEqual(SourceLocation.StartOf(forward), problems.Single().Location);
        Assert.IsNull(changed.Content, "nothing to apply");
    }

    private static MigrationValidation Validate(MigrationFolder folder, string cache) =>
        MigrationValidator.Validate(
            new MigrationDiscoveryOptions(folder.Root) { TrustUnchangedFileStamps = true, UnreadFilesKeepChecksums = true },
            SafetyLintOptions.Default,
            cache,
            new Later());

    /// <summary>A clock a minute ahead, so stamps of files the test just wrote count as settled.</summary>
    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddMinutes(1);
    }
}
