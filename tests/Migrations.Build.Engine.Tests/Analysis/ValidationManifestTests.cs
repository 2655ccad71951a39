using System.Text;
using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Analysis.Caching;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// DeployMigration reuses the last validation that passed, whole, while nothing under the migration folders changed
/// (<see cref="MigrationDiscoveryOptions.ReuseUnchangedFolders"/>, <see cref="ValidationManifest"/>): what it reports
/// is exactly what a full validation reports, every file carries the checksum a full read computes, and any change a
/// full validation could see — an edit that keeps size and modification time, a new file, a misplaced one — misses.
/// Stamps are unavailable on Windows, where nothing is reused; these tests need them.
/// </summary>
[TestClass]
public sealed class ValidationManifestTests
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
    public void An_unchanged_folder_reuses_the_passing_validation_whole_and_reports_what_a_full_run_reports()
    {
        using var folder = Corpus();
        var cache = Path.Combine(folder.Root, "obj");

        var first = Validate(folder, cache);
        var reused = Validate(folder, cache);
        var full = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root), SafetyLintOptions.FromExposedSchemasProperty("public"));

        Assert.IsFalse(IsReused(first), string.Join(" | ", first.CacheNotes));
        Assert.IsTrue(IsReused(reused), string.Join(" | ", reused.CacheNotes));
        Assert.IsTrue(full.Diagnostics.Any(diagnostic => !diagnostic.IsError), "the corpus has warnings, which must come back");
        CollectionAssert.AreEqual(Describe(full), Describe(reused));
        CollectionAssert.AreEqual(Describe(full.Set.Diagnostics), Describe(reused.Set.Diagnostics), "discovery's own diagnostics too");
        CollectionAssert.AreEqual(Files(full), Files(reused), "paths, roles, names, checksums and facts");
        CollectionAssert.AreEqual(full.Set.Pairs.Select(pair => $"{pair.Id} {pair.IsIrreversible}").ToList(), reused.Set.Pairs.Select(pair => $"{pair.Id} {pair.IsIrreversible}").ToList());
        Assert.IsTrue(reused.Set.Files.All(file => file.IsUnread && file.Content is null), "nothing is read");
    }

    [TestMethod]
    public void An_edit_that_keeps_size_and_modification_time_is_validated_again()
    {
        using var folder = Corpus();
        var cache = Path.Combine(folder.Root, "obj");
        var forward = Path.Combine(folder.Root, "20250102000000_second.sql");
        var modified = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(forward, modified);
        Validate(folder, cache);
        Assert.IsTrue(IsReused(Validate(folder, cache)));

        var text = File.ReadAllText(forward);
        File.WriteAllText(forward, "begin;--" + text[8..]);
        File.SetLastWriteTimeUtc(forward, modified);
        var edited = Validate(folder, cache);

        Assert.IsFalse(IsReused(edited));
        Assert.IsTrue(edited.Diagnostics.Any(diagnostic => diagnostic.Code == DiagnosticCatalog.TransactionControlStatement.Code && diagnostic.Location.FilePath == forward), string.Join("\n", Describe(edited)));
        Assert.IsFalse(IsReused(Validate(folder, cache)), "a validation with errors is never stored");
    }

    [TestMethod]
    public void A_new_migration_or_a_misplaced_one_in_a_subfolder_is_seen()
    {
        using var folder = Corpus();
        var cache = Path.Combine(folder.Root, "obj");
        Validate(folder, cache);

        folder.WritePair("20250105000000_fifth");
        var added = Validate(folder, cache);
        Assert.IsFalse(IsReused(added));
        Assert.AreEqual(4, added.Set.Pairs.Count);
        Assert.IsTrue(IsReused(Validate(folder, cache)));

        folder.WritePair("20250106000000_sixth", subfolder: "seeds/old");
        var misplaced = Validate(folder, cache);
        Assert.IsFalse(IsReused(misplaced));
        Assert.AreEqual(4, misplaced.Diagnostics.Count(diagnostic => diagnostic.Code == DiagnosticCatalog.MigrationInSubfolder.Code), "the stray pair in archive/ and the new one in seeds/old/");
    }

    [TestMethod]
    public void Nothing_is_reused_while_a_stamp_is_fresh_nor_for_a_file_whose_checksum_is_not_its_content_key()
    {
        using var folder = Corpus();
        var cache = Path.Combine(folder.Root, "obj");
        Validate(folder, cache, TimeProvider.System);
        Assert.IsFalse(IsReused(Validate(folder, cache, TimeProvider.System)), "times within the settle margin of now are never trusted");
        Assert.IsFalse(IsReused(Validate(folder, cache)), "nothing was stored while they were fresh");
        Assert.IsTrue(IsReused(Validate(folder, cache)), "the same stamps, once settled, are");

        folder.WriteBytes("20250104000000_crlf.sql", Encoding.UTF8.GetBytes("create table crlf_t (id int);\r\n"));
        folder.Write("20250104000000_crlf_rollback.sql", "drop table crlf_t;\n");
        Validate(folder, cache);
        var crlf = Validate(folder, cache);
        Assert.IsFalse(IsReused(crlf), "a CRLF file's cache key is not its checksum, so the folder is validated as before");
        Assert.IsFalse(crlf.Set.Files.Single(file => file.Path.EndsWith("_crlf.sql", StringComparison.Ordinal)).IsUnread);
    }

    [TestMethod]
    public void A_damaged_manifest_is_ignored_and_replaced()
    {
        using var folder = Corpus();
        var cache = Path.Combine(folder.Root, "obj");
        Validate(folder, cache);
        var manifest = Path.Combine(cache, ValidationManifest.FileName);
        var bytes = File.ReadAllBytes(manifest);
        File.WriteAllBytes(manifest, bytes[..(bytes.Length / 2)]);

        var damaged = Validate(folder, cache);

        Assert.IsFalse(IsReused(damaged));
        CollectionAssert.AreEqual(Describe(MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root), SafetyLintOptions.FromExposedSchemasProperty("public"))), Describe(damaged));
        Assert.IsTrue(IsReused(Validate(folder, cache)));
    }

    /// <summary>Three pairs, one irreversible, with warnings in a forward and from discovery (a stray file in a subfolder).</summary>
    private static MigrationFolder Corpus()
    {
        var folder = new MigrationFolder();
        folder.Write("20250101000000_first.sql", "create table first_t (id int);\n");
        folder.Write("20250101000000_first_rollback.sql", "drop table first_t;\n");
        folder.Write("20250102000000_second.sql", "create index first_t_id_idx on first_t (id);\nalter table first_t rename column id to key;\n");
        folder.Write("20250102000000_second_rollback.sql", "alter table first_t rename column key to id;\ndrop index first_t_id_idx;\n");
        folder.Write("20250103000000_third.sql", "insert into first_t values (1);\n");
        folder.Write("20250103000000_third_rollback.sql", "-- migrations:irreversible\n");
        folder.WritePair("20240101000000_stray", subfolder: "archive");
        return folder;
    }

    private static MigrationValidation Validate(MigrationFolder folder, string cache, TimeProvider? clock = null) =>
        MigrationValidator.Validate(
            new MigrationDiscoveryOptions(folder.Root) { TrustUnchangedFileStamps = true, UnreadFilesKeepChecksums = true, ReuseUnchangedFolders = true },
            SafetyLintOptions.FromExposedSchemasProperty("public"),
            cache,
            clock ?? new Later());

    private static bool IsReused(MigrationValidation validation) =>
        validation.CacheNotes.Any(note => note.Contains(ValidationManifest.FileName, StringComparison.Ordinal));

    private static List<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(diagnostic => $"{diagnostic} [{diagnostic.Severity}; {diagnostic.Location.EndLine},{diagnostic.Location.EndColumn}; {diagnostic.Descriptor.Title}]").ToList();

    private static List<string> Describe(MigrationValidation validation) => Describe(validation.Diagnostics);

    private static List<string> Files(MigrationValidation validation) =>
        validation.Set.Files.Select(file => $"{file.Path} {file.Role} {file.FileName.Version} {file.FileName.Name} {file.FileName.Timestamp:O} {file.Checksum} {file.HasStatements} {file.IsIrreversible}").ToList();

    /// <summary>A clock a minute ahead, so stamps of files the test just wrote count as settled.</summary>
    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddMinutes(1);
    }
}
