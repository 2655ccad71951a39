using System.Text;
using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Analysis.Caching;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// ValidateMigrations (<see cref="MigrationDiscoveryOptions.TrustUnchangedFileStamps"/>) skips reading a file whose
/// stamp is what the cache recorded, and never says anything a full validation would not: an edit is seen even when it
/// keeps the size and the modification time (the change time moves), a file too fresh to trust is read, and a file left
/// unread is read after all when its pair must be analysed again. The targets that apply migrations never trust stamps.
/// Stamps are unavailable on Windows, where every file is read; these tests need them.
/// </summary>
[TestClass]
public sealed class ValidationStampTrustTests
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
    public void Unchanged_files_are_not_read_and_validation_says_exactly_what_a_full_run_says()
    {
        using var folder = new MigrationFolder();
        var files = PlantedCorpus.Write(folder, pairs: 40);
        var cache = Path.Combine(folder.Root, "obj");

        var first = Validate(folder, cache, trust: true);
        var second = Validate(folder, cache, trust: true);

        CollectionAssert.AreEqual(Describe(Validate(folder, null, trust: false)), Describe(second));
        CollectionAssert.Contains(first.CacheNotes.ToList(), $"Reused validation of 0 of {files} files.");
        Assert.IsTrue(second.CacheNotes.Contains($"Reused validation of {files} of {files} files; {EmptyFree(folder)} were not read (size, modification and change time unchanged since they were)."), string.Join(" | ", second.CacheNotes));
        Assert.IsTrue(second.Set.Files.Any(file => file.IsUnread && file.Content is null), "unread files carry no text");
        CollectionAssert.AreEqual(Irreversibility(Validate(folder, null, trust: false)), Irreversibility(second), "facts of unread files come from the cache");
    }

    [TestMethod]
    public void An_edit_that_keeps_the_size_and_restores_the_modification_time_is_seen_by_its_change_time()
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write("20250102000000_second.sql", "create table t2 (id int);\n");
        folder.Write("20250102000000_second_rollback.sql", "drop table t2;\n");
        var cache = Path.Combine(folder.Root, "obj");
        // A whole second: DateTime keeps 100 ns, so setting back a time read from the file could differ in its last digits.
        var modified = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(forward, modified);
        Assert.IsFalse(Validate(folder, cache, trust: true).HasErrors);
        var before = FileStamp.Read(forward)!.Value;

        var changed = "begin;create table t2(i);\n";
        Assert.AreEqual(new FileInfo(forward).Length, Encoding.UTF8.GetByteCount(changed), "the edit keeps the length");
        File.WriteAllText(forward, changed);
        File.SetLastWriteTimeUtc(forward, modified);
        var after = FileStamp.Read(forward)!.Value;
        Assert.AreEqual((before.Length, before.ModifiedSeconds, before.ModifiedNanoseconds), (after.Length, after.ModifiedSeconds, after.ModifiedNanoseconds), "size and modification time are as recorded");

        var validation = Validate(folder, cache, trust: true);

        Assert.IsTrue(validation.Diagnostics.Any(diagnostic => diagnostic.Code == DiagnosticCatalog.TransactionControlStatement.Code && diagnostic.Location.FilePath == forward), string.Join("\n", Describe(validation)));
        CollectionAssert.AreEqual(Describe(Validate(folder, null, trust: false)), Describe(validation));
    }

    [TestMethod]
    public void A_file_written_moments_ago_is_read_again_until_its_stamp_has_settled()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250102000000_second.sql", "create table t2 (id int);\n");
        folder.Write("20250102000000_second_rollback.sql", "drop table t2;\n");
        var cache = Path.Combine(folder.Root, "obj");

        Validate(folder, cache, trust: true, TimeProvider.System);
        var fresh = Validate(folder, cache, trust: true, TimeProvider.System);
        Validate(folder, cache, trust: true, new Later());
        var settled = Validate(folder, cache, trust: true, new Later());

        Assert.IsFalse(fresh.Set.Files.Any(file => file.IsUnread), "times within the settle margin of now are never recorded");
        Assert.IsTrue(settled.Set.Files.All(file => file.IsUnread), "the same stamps, once settled, are");
    }

    [TestMethod]
    public void An_unread_rollback_is_read_when_its_forward_changed_and_the_pair_is_analysed_again()
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write("20250102000000_second.sql", "create table t2 (id int);\n");
        var rollback = folder.Write("20250102000000_second_rollback.sql", "drop table t2;\n");
        var cache = Path.Combine(folder.Root, "obj");
        Validate(folder, cache, trust: true);

        File.WriteAllText(forward, "create table t2 (id int);\ncreate table t3 (id int);\n");
        var validation = Validate(folder, cache, trust: true);

        CollectionAssert.AreEqual(Describe(Validate(folder, null, trust: false)), Describe(validation));
        Assert.IsTrue(validation.Diagnostics.Any(diagnostic => diagnostic.Location.FilePath == forward || diagnostic.Location.FilePath == rollback), "the rollback no longer undoes the forward: " + string.Join("\n", Describe(validation)));
    }

    /// <summary>
    /// The one thing a stamp cannot see is a rewrite that keeps the size and BOTH times (only by setting the clock
    /// back). Simulated here by recording the new stamp against the old content: the build's lint then repeats the old
    /// verdict, which is the documented limit, and the next run that reads the bytes (every database target) reports
    /// the truth and corrects the cache, after which the lint does too.
    /// </summary>
    [TestMethod]
    public void A_stamp_that_lies_fools_only_the_lint_and_the_next_reading_run_corrects_it()
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write("20250102000000_second.sql", "create table t2 (id int);\n");
        folder.Write("20250102000000_second_rollback.sql", "drop table t2;\n");
        var cache = Path.Combine(folder.Root, "obj");
        var cacheFile = Path.Combine(cache, ValidationCache.FileName);
        Validate(folder, cache, trust: true);
        File.WriteAllText(forward, "begin;create table t2(i);\n");
        var lying = ValidationCacheFormat.Read(new MemoryStream(File.ReadAllBytes(cacheFile)))!;
        lying = lying with { Files = [.. lying.Files.Select(file => file.Path == forward ? file with { Stamp = FileStamp.Read(forward) } : file)] };
        using (var stream = File.Create(cacheFile))
        {
            ValidationCacheFormat.Write(stream, lying);
        }

        var fooled = Validate(folder, cache, trust: true);
        var reading = Validate(folder, cache, trust: false);
        var corrected = Validate(folder, cache, trust: true);

        Assert.IsFalse(fooled.HasErrors, "the lint repeats the recorded verdict: the documented limit");
        Assert.IsTrue(reading.Diagnostics.Any(diagnostic => diagnostic.Code == DiagnosticCatalog.TransactionControlStatement.Code), "a run that reads the bytes sees the edit");
        CollectionAssert.AreEqual(Describe(reading), Describe(corrected), "and leaves the cache telling the truth");
        Assert.IsTrue(corrected.Set.Files.Single(file => file.Path == forward).IsUnread, "with a stamp the lint trusts again");
    }

    private static MigrationValidation Validate(MigrationFolder folder, string? cache, bool trust, TimeProvider? clock = null) =>
        MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root) { TrustUnchangedFileStamps = trust, UntouchedTemplatesAreWarnings = true }, SafetyLintOptions.FromExposedSchemasProperty("public"), cache, clock ?? new Later());

    /// <summary>The files with statements: a file without any is always read (its template check needs the text).</summary>
    private static int EmptyFree(MigrationFolder folder) =>
        Validate(folder, null, trust: false).Set.Files.Count(file => file.HasStatements);

    private static List<string> Describe(MigrationValidation validation) =>
        validation.Diagnostics.Select(diagnostic => $"{diagnostic} [{diagnostic.Severity}; {diagnostic.Location.EndLine},{diagnostic.Location.EndColumn}]").ToList();

    private static List<string> Irreversibility(MigrationValidation validation) =>
        validation.Set.Pairs.Select(pair => $"{pair.Id} {pair.Forward.HasStatements} {pair.Rollback?.HasStatements} {pair.Rollback?.IsIrreversible} {pair.IsIrreversible}").ToList();

    /// <summary>A clock a minute ahead, so stamps of files the test just wrote count as settled.</summary>
    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddMinutes(1);
    }
}
