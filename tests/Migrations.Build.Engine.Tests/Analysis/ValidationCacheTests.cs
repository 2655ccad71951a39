using System.Text;
using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Analysis.Caching;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// The validation cache saves lexing and analysis but never changes what validation says: a run that reuses it
/// reports exactly the diagnostics of a run without it, a changed file is analysed again whatever its length and
/// modification time, and a cache that cannot be trusted is ignored and rewritten.
/// </summary>
[TestClass]
public sealed class ValidationCacheTests
{
    private const string ExposedSchemas = "public";

    [TestMethod]
    public void A_run_that_reuses_the_cache_reports_exactly_the_diagnostics_of_a_run_without_it()
    {
        using var folder = new MigrationFolder();
        var files = PlantedCorpus.Write(folder, pairs: 60);
        var cacheDirectory = Path.Combine(folder.Root, "obj");

        var uncached = Validate(folder, cacheDirectory: null);
        var first = Validate(folder, cacheDirectory);
        var second = Validate(folder, cacheDirectory);

        Assert.IsTrue(uncached.Diagnostics.Any(diagnostic => diagnostic.IsError), "the corpus plants errors");
        Assert.IsTrue(uncached.Diagnostics.Any(diagnostic => !diagnostic.IsError), "the corpus plants warnings");
        CollectionAssert.AreEqual(Describe(uncached), Describe(first));
        CollectionAssert.AreEqual(Describe(uncached), Describe(second));
        CollectionAssert.AreEqual(uncached.Diagnostics.ToList(), second.Diagnostics.ToList(), "cached diagnostics are equal records, descriptor and severity included");
        CollectionAssert.AreEqual(Facts(uncached), Facts(second));
        CollectionAssert.Contains(first.CacheNotes.ToList(), $"Reused validation of 0 of {files} files.");
        CollectionAssert.Contains(second.CacheNotes.ToList(), $"Reused validation of {files} of {files} files.");
    }

    [TestMethod]
    public void A_file_changed_to_the_same_length_with_its_old_modification_time_is_validated_again()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250101000000_first");
        var forward = folder.Write("20250102000000_second.sql", "create table t2 (id int);\n");
        folder.Write("20250102000000_second_rollback.sql", "drop table t2;\n");
        var cacheDirectory = Path.Combine(folder.Root, "obj");
        var before = Validate(folder, cacheDirectory);
        Assert.IsFalse(before.HasErrors, string.Join("\n", Describe(before)));

        // Same length, same modification time: only the bytes tell the difference.
        var stamp = File.GetLastWriteTimeUtc(forward);
        var changed = "begin;create table t2(i);\n";
        Assert.AreEqual(new FileInfo(forward).Length, Encoding.UTF8.GetByteCount(changed), "the edit keeps the length");
        File.WriteAllText(forward, changed);
        File.SetLastWriteTimeUtc(forward, stamp);

        var after = Validate(folder, cacheDirectory);

        CollectionAssert.AreEqual(Describe(Validate(folder, cacheDirectory: null)), Describe(after));
        Assert.IsTrue(after.Diagnostics.Any(diagnostic => diagnostic.Code == DiagnosticCatalog.TransactionControlStatement.Code && diagnostic.Location.FilePath == forward), string.Join("\n", Describe(after)));
        var pair = after.Set.Pairs.Single(candidate => candidate.Forward.Path == forward);
        Assert.AreEqual(MigrationText.TryDecode(Encoding.UTF8.GetBytes(changed), out _)!.Checksum, pair.Forward.Checksum, "the checksum history records is of the bytes read in this run");
        Assert.AreEqual(changed, pair.Forward.Content!.Text, "the text handed on is the one read in this run");
        CollectionAssert.Contains(after.CacheNotes.ToList(), "Reused validation of 2 of 4 files.");
    }

    [TestMethod]
    public void A_file_read_as_a_rollback_and_then_as_a_forward_is_analysed_again()
    {
        using var folder = new MigrationFolder();
        folder.Write("a/20250101000000_first.sql", "create table t (id int);\n");
        var alone = folder.Write("b/20250101000000_first_rollback.sql", "drop table t;\nalter table u drop column c;\n");
        var cacheDirectory = Path.Combine(folder.Root, "obj");
        var lint = SafetyLintOptions.FromExposedSchemasProperty(ExposedSchemas);
        var swapped = new MigrationDiscoveryOptions(Path.Combine(folder.Root, "b"), Path.Combine(folder.Root, "a"));

        MigrationValidator.Validate(new MigrationDiscoveryOptions(Path.Combine(folder.Root, "a"), Path.Combine(folder.Root, "b")), lint, cacheDirectory);
        var cached = MigrationValidator.Validate(swapped, lint, cacheDirectory);

        Assert.AreEqual(MigrationRole.Forward, cached.Set.Files.Single(file => file.Path == alone).Role);
        Assert.IsTrue(cached.Diagnostics.Any(diagnostic => diagnostic.Code == DiagnosticCatalog.DestructiveChange.Code && diagnostic.Location.FilePath == alone), "a forward's rules apply to it now");
        CollectionAssert.AreEqual(Describe(MigrationValidator.Validate(swapped, lint)), Describe(cached));
    }

    [TestMethod]
    public void Line_endings_alone_change_the_content_key_though_not_the_checksum()
    {
        var unix = Encoding.UTF8.GetBytes("select 1;\nselect 2;\n");
        var windows = Encoding.UTF8.GetBytes("select 1;\r\nselect 2;\r\n");
        var unixText = MigrationText.TryDecode(unix, out _)!;
        var windowsText = MigrationText.TryDecode(windows, out _)!;

        Assert.AreEqual(unixText.Checksum, windowsText.Checksum);
        Assert.AreNotEqual(ValidationCache.ContentKey(unix, unixText.Checksum), ValidationCache.ContentKey(windows, windowsText.Checksum));
    }

    [TestMethod]
    [DataRow("garbage")]
    [DataRow("the text format of version 1")]
    [DataRow("truncated")]
    [DataRow("one byte flipped in a count")]
    [DataRow("another format version")]
    [DataRow("another build")]
    [DataRow("other settings")]
    public void A_cache_that_cannot_be_trusted_is_ignored_and_rewritten(string what)
    {
        using var folder = new MigrationFolder();
        var files = PlantedCorpus.Write(folder, pairs: 12);
        var cacheDirectory = Path.Combine(folder.Root, "obj");
        var cacheFile = Path.Combine(cacheDirectory, ValidationCache.FileName);
        Validate(folder, cacheDirectory);
        var valid = File.ReadAllBytes(cacheFile);
        File.WriteAllBytes(cacheFile, Spoil(valid, what));

        var ignored = Validate(folder, cacheDirectory);
        var reused = Validate(folder, cacheDirectory);

        CollectionAssert.AreEqual(Describe(Validate(folder, cacheDirectory: null)), Describe(ignored), what);
        Assert.IsTrue(ignored.CacheNotes.Any(note => note.StartsWith($"Ignored the validation cache '{cacheFile}' because ", StringComparison.Ordinal)), $"{what}: {string.Join(" | ", ignored.CacheNotes)}");
        CollectionAssert.Contains(reused.CacheNotes.ToList(), $"Reused validation of {files} of {files} files.", what);
        CollectionAssert.AreEqual(Describe(ignored), Describe(reused), what);
    }

    [TestMethod]
    public void The_cache_format_reads_back_what_it_wrote_and_nothing_shorter()
    {
        var stamp = new FileStamp(10, 1_700_000_000, 5, 1_700_000_001, 7, 2049);
        var document = new ValidationCacheDocument
        {
            Tool = "tool",
            Settings = "exposed=public",
            Files = [new CachedFile("/m/1.sql", "k1", true, false, stamp), new CachedFile("/m/1_rollback.sql", "k2", true, true)],
            Units =
            [
                new CachedUnit(MigrationRole.Forward, "/m/1.sql", "k1", "/m/1_rollback.sql", "k2", [new CachedDiagnostic("MIG0301", "title", DiagnosticSeverity.Warning, DiagnosticSeverity.Error, "/m/1.sql", 1, 2, 3, 4, "tab\tand\nnew line")]),
                new CachedUnit(MigrationRole.Rollback, "/elsewhere.sql", "other key", null, null, [new CachedDiagnostic("MIG0002", "t", DiagnosticSeverity.Error, DiagnosticSeverity.Error, "/not/a/file.sql", 0, 0, 0, 0, "m")]),
            ],
        };
        using var stream = new MemoryStream();
        ValidationCacheFormat.Write(stream, document);
        var bytes = stream.ToArray();

        var read = ValidationCacheFormat.Read(new MemoryStream(bytes))!;

        Assert.AreEqual(document.Tool, read.Tool);
        Assert.AreEqual(document.Settings, read.Settings);
        CollectionAssert.AreEqual(document.Files, read.Files);
        Assert.AreEqual(document.Units.Count, read.Units.Count);
        for (var index = 0; index < document.Units.Count; index++)
        {
            Assert.AreEqual(document.Units[index].Key, read.Units[index].Key);
            CollectionAssert.AreEqual(document.Units[index].Diagnostics, read.Units[index].Diagnostics);
        }

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.IsNull(ValidationCacheFormat.Read(new MemoryStream(bytes, 0, length)), $"cut to {length} of {bytes.Length} bytes");
        }
    }

    /// <summary>A valid cache made untrustworthy in one way: every case must be ignored, none may throw.</summary>
    private static byte[] Spoil(byte[] valid, string what)
    {
        var spoiled = (byte[])valid.Clone();
        switch (what)
        {
            case "garbage":
                return Encoding.UTF8.GetBytes("not a cache at all");
            case "the text format of version 1":
                return Encoding.UTF8.GetBytes($"migrations-build validation cache 1\nT\t{ValidationCache.ToolIdentity}\nS\texposed=public\n");
            case "truncated":
                return valid[..(valid.Length / 2)];
            case "one byte flipped in a count":
                // The file count follows the magic, the version and the two strings; 0x7F makes it far more than the bytes left.
                var countAt = 8 + 1 + ValidationCache.ToolIdentity.Length + 1 + "exposed=public".Length + 3;
                spoiled[countAt] = 0x7F;
                return spoiled;
            case "another format version":
                spoiled[4]++;
                return spoiled;
            case "another build":
                spoiled[9] ^= 0x01;
                return spoiled;
            case "other settings":
                spoiled[8 + 1 + ValidationCache.ToolIdentity.Length + 1 + "exposed=".Length] ^= 0x01;
                return spoiled;
            default:
                throw new ArgumentOutOfRangeException(nameof(what), what, null);
        }
    }

    [TestMethod]
    public void A_cache_that_cannot_be_written_is_only_a_note()
    {
        using var folder = new MigrationFolder();
        PlantedCorpus.Write(folder, pairs: 3);
        var notADirectory = folder.Write("obj", "a file where the cache folder should be");

        var validation = Validate(folder, notADirectory);

        CollectionAssert.AreEqual(Describe(Validate(folder, cacheDirectory: null)), Describe(validation));
        Assert.IsTrue(validation.CacheNotes.Any(note => note.StartsWith("Could not write the validation cache", StringComparison.Ordinal)), string.Join(" | ", validation.CacheNotes));
    }

    [TestMethod]
    public void Parallel_and_sequential_validation_give_identical_results()
    {
        using var folder = new MigrationFolder();
        PlantedCorpus.Write(folder, pairs: 300);
        var lint = SafetyLintOptions.FromExposedSchemasProperty(ExposedSchemas);

        var sequential = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root) { ParallelThreshold = int.MaxValue }, lint);
        var parallel = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root) { ParallelThreshold = 0 }, lint);

        Assert.IsTrue(sequential.HasErrors);
        CollectionAssert.AreEqual(sequential.Diagnostics.ToList(), parallel.Diagnostics.ToList());
        CollectionAssert.AreEqual(Facts(sequential), Facts(parallel));
    }

    private static MigrationValidation Validate(MigrationFolder folder, string? cacheDirectory) =>
        MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root), SafetyLintOptions.FromExposedSchemasProperty(ExposedSchemas), cacheDirectory);

    private static List<string> Describe(MigrationValidation validation) =>
        validation.Diagnostics.Select(diagnostic => $"{diagnostic} [{diagnostic.Severity}; {diagnostic.Location.EndLine},{diagnostic.Location.EndColumn}]").ToList();

    private static List<string> Facts(MigrationValidation validation) =>
        validation.Set.Pairs.Select(pair => $"{pair.Id} {pair.Forward.Checksum} {pair.Forward.HasStatements} {pair.Rollback?.Checksum} {pair.Rollback?.IsIrreversible} {pair.IsIrreversible}").ToList();
}
