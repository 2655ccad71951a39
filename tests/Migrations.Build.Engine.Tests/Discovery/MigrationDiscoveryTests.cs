using System.Text;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Tests.Discovery;

[TestClass]
public sealed class MigrationDiscoveryTests
{
    private static MigrationSet Discover(MigrationFolder folder, string? rollbackSubfolder = null) =>
        MigrationDiscovery.Discover(new MigrationDiscoveryOptions(
            folder.Root,
            rollbackSubfolder is null ? null : Path.Combine(folder.Root, rollbackSubfolder)));

    private static Diagnostic Single(MigrationSet set, string code)
    {
        var matching = set.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.HasCount(1, matching, string.Join(Environment.NewLine, set.Diagnostics));
        return matching[0];
    }

    private static void AssertClean(MigrationSet set) =>
        Assert.IsEmpty(set.Diagnostics, string.Join(Environment.NewLine, set.Diagnostics));

    [TestMethod]
    public void A_complete_pair_is_discovered_with_checksums()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250210000000_billing_integration_schema");

        var set = Discover(folder);

        AssertClean(set);
        var pair = set.Pairs.Single();
        Assert.AreEqual("20250210000000", pair.Version);
        Assert.AreEqual("billing_integration_schema", pair.Name);
        Assert.AreEqual(MigrationText.ComputeChecksum("create table t (id int);\n"), pair.Forward.Checksum);
        Assert.AreEqual(MigrationText.ComputeChecksum("drop table t;\n"), pair.Rollback!.Checksum);
        Assert.IsFalse(pair.IsIrreversible);
    }

    [TestMethod]
    public void Pairs_come_back_in_version_order()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250301000000_second");
        folder.WritePair("20250210000000_first");
        folder.WritePair("20251231235959_third");

        var set = Discover(folder);

        AssertClean(set);
        CollectionAssert.AreEqual(
            new[] { "20250210000000_first", "20250301000000_second", "20251231235959_third" },
            set.Pairs.Select(p => p.Id).ToArray());
    }

    [TestMethod]
    public void MIG0001_forward_without_rollback_points_at_the_forward_file()
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write("20250210000000_billing.sql", "create table t (id int);");

        var diagnostic = Single(Discover(folder), "MIG0001");

        Assert.AreEqual(new SourceLocation(forward, 1, 1), diagnostic.Location);
        Assert.IsTrue(diagnostic.IsError);
        Assert.AreEqual(
            "Migration 20250210000000_billing has no rollback; add 20250210000000_billing_rollback.sql beside it, or mark an intentionally empty rollback with -- migrations:irreversible.",
            diagnostic.Message);
    }

    [TestMethod]
    public void MIG0001_names_the_separate_rollback_directory()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "create table t (id int);");
        Directory.CreateDirectory(Path.Combine(folder.Root, "rollbacks"));

        var diagnostic = Single(Discover(folder, "rollbacks"), "MIG0001");

        StringAssert.Contains(diagnostic.Message, "to '" + Path.Combine(folder.Root, "rollbacks") + "'");
    }

    [TestMethod]
    public void MIG0002_rollback_without_forward()
    {
        using var folder = new MigrationFolder();
        var rollback = folder.Write("20250210000000_billing_rollback.sql", "drop table t;");

        var diagnostic = Single(Discover(folder), "MIG0002");

        Assert.AreEqual(new SourceLocation(rollback, 1, 1), diagnostic.Location);
        Assert.AreEqual(
            "Rollback 20250210000000_billing_rollback.sql has no forward migration 20250210000000_billing.sql; add the forward file, or delete the rollback if the migration was removed.",
            diagnostic.Message);
    }

    [TestMethod]
    public void MIG0002_suggests_the_forward_with_the_same_version()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "create table t (id int);");
        folder.Write("20250210000000_biling_rollback.sql", "drop table t;");

        var set = Discover(folder);

        StringAssert.Contains(Single(set, "MIG0002").Message, "rename it to 20250210000000_billing_rollback.sql");
        Single(set, "MIG0001");
    }

    [TestMethod]
    [DataRow("20251310000000_bad_month.sql", "month 13 does not exist")]
    [DataRow("20250230000000_leap.sql", "day 30 does not exist in February 2025 (it has 28 days)")]
    [DataRow("20250229000000_not_leap.sql", "day 29 does not exist in February 2025 (it has 28 days)")]
    [DataRow("20250210240000_hour.sql", "hour 24 is past 23")]
    [DataRow("20250210006000_minute.sql", "minute 60 is past 59")]
    [DataRow("20250210000060_second.sql", "second 60 is past 59")]
    [DataRow("00000210000000_year.sql", "year 0000 does not exist")]
    [DataRow("2025021000000_short.sql", "does not start with a 14-digit UTC timestamp")]
    [DataRow("billing.sql", "does not start with a 14-digit UTC timestamp")]
    [DataRow("20250210000000billing.sql", "does not start with a 14-digit UTC timestamp")]
    [DataRow("20250210000000_.sql", "has no usable name")]
    [DataRow("20250210000000_Billing_Schema.sql", "rename it to '20250210000000_billing_schema.sql'")]
    [DataRow("20250210000000_AddInvoices.sql", "rename it to '20250210000000_add_invoices.sql'")]
    [DataRow("20250210000000_add-invoices.sql", "rename it to '20250210000000_add_invoices.sql'")]
    [DataRow("20250210000000_billing.SQL", "upper-case extension; rename it to '20250210000000_billing.sql'")]
    public void MIG0003_malformed_names_and_impossible_timestamps(string fileName, string expected)
    {
        using var folder = new MigrationFolder();
        var path = folder.Write(fileName, "select 1;");

        var diagnostic = Single(Discover(folder), "MIG0003");

        Assert.AreEqual(new SourceLocation(path, 1, 1), diagnostic.Location);
        StringAssert.Contains(diagnostic.Message, expected);
    }

    [TestMethod]
    public void A_leap_day_in_a_leap_year_is_a_real_timestamp()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20240229235959_leap_day");

        AssertClean(Discover(folder));
    }

    [TestMethod]
    public void Files_that_are_not_sql_are_ignored_but_other_sql_files_are_malformed()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250210000000_billing");
        folder.Write("README.md", "# notes");
        folder.Write(".20250210000000_swap.sql", "hidden editor file");
        var seed = folder.Write("seed.sql", "insert into t values (1);");

        var set = Discover(folder);

        Assert.AreEqual(seed, Single(set, "MIG0003").Location.FilePath);
        Assert.HasCount(1, set.Diagnostics);
        Assert.HasCount(1, set.Pairs);
    }

    [TestMethod]
    public void MIG0004_duplicate_version_is_reported_on_the_later_file()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250210000000_alpha");
        folder.WritePair("20250210000000_beta");

        var diagnostic = Single(Discover(folder), "MIG0004");

        Assert.AreEqual(Path.Combine(folder.Root, "20250210000000_beta.sql"), diagnostic.Location.FilePath);
        StringAssert.Contains(diagnostic.Message, "already used by '20250210000000_alpha.sql'");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   \n\t\r\n")]
    [DataRow("-- only a comment\n")]
    [DataRow("/* block */ -- and line\n/* nested /* inner */ still comment */")]
    [DataRow("/* unterminated comment ; select 1;")]
    public void MIG0005_empty_forward(string text)
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write("20250210000000_billing.sql", text);
        folder.Write("20250210000000_billing_rollback.sql", "drop table t;");

        var diagnostic = Single(Discover(folder), "MIG0005");

        Assert.AreEqual(new SourceLocation(forward, 1, 1), diagnostic.Location);
        StringAssert.StartsWith(diagnostic.Message, "Migration 20250210000000_billing.sql contains no SQL statements");
    }

    [TestMethod]
    public void MIG0005_empty_rollback_names_the_irreversible_directive()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "create table t (id int);");
        var rollback = folder.Write("20250210000000_billing_rollback.sql", "-- nothing to do\n");

        var diagnostic = Single(Discover(folder), "MIG0005");

        Assert.AreEqual(rollback, diagnostic.Location.FilePath);
        StringAssert.Contains(diagnostic.Message, "-- migrations:irreversible");
    }

    [TestMethod]
    [DataRow("-- migrations:irreversible\n")]
    [DataRow("-- Dropping the data would lose invoices.\n--   migrations:irreversible   keeps history\n")]
    public void An_irreversible_rollback_may_be_empty(string text)
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "create table t (id int);");
        folder.Write("20250210000000_billing_rollback.sql", text);

        var set = Discover(folder);

        AssertClean(set);
        Assert.IsTrue(set.Pairs.Single().IsIrreversible);
    }

    [TestMethod]
    public void The_irreversible_directive_does_not_excuse_an_empty_forward()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "-- migrations:irreversible\n");
        folder.Write("20250210000000_billing_rollback.sql", "-- migrations:irreversible\n");

        StringAssert.StartsWith(Single(Discover(folder), "MIG0005").Message, "Migration 20250210000000_billing.sql");
    }

    [TestMethod]
    public void A_directive_lookalike_is_not_the_irreversible_directive()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "create table t (id int);");
        folder.Write("20250210000000_billing_rollback.sql", "-- migrations:irreversible-ish\n");

        Single(Discover(folder), "MIG0005");
    }

    [TestMethod]
    public void MIG0006_invalid_utf8_points_at_the_first_bad_byte()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "create table t (id int);");
        var bytes = Encoding.UTF8.GetBytes("drop table t;\ncomment on table x is 'caf").Concat(new byte[] { 0xE9, (byte)'\'', (byte)';' }).ToArray();
        var rollback = folder.WriteBytes("20250210000000_billing_rollback.sql", bytes);

        var diagnostic = Single(Discover(folder), "MIG0006");

        Assert.AreEqual(new SourceLocation(rollback, 2, 27), diagnostic.Location);
        StringAssert.Contains(diagnostic.Message, "byte 0xE9 is not valid UTF-8");
    }

    [TestMethod]
    public void MIG0006_counts_columns_in_characters_after_multibyte_text()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing_rollback.sql", "drop table t;");
        var bytes = Encoding.UTF8.GetBytes("-- ünïcödé\r\nselect 'ü").Concat(new byte[] { 0xFF }).ToArray();
        var forward = folder.WriteBytes("20250210000000_billing.sql", bytes);

        var diagnostic = Single(Discover(folder), "MIG0006");

        Assert.AreEqual(new SourceLocation(forward, 2, 10), diagnostic.Location);
    }

    [TestMethod]
    public void MIG0006_nul_character()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing_rollback.sql", "drop table t;");
        var forward = folder.Write("20250210000000_billing.sql", "select 1;\nselect\0 2;");

        var diagnostic = Single(Discover(folder), "MIG0006");

        Assert.AreEqual(new SourceLocation(forward, 2, 7), diagnostic.Location);
        StringAssert.Contains(diagnostic.Message, "NUL");
    }

    [TestMethod]
    public void MIG0006_utf16_files_are_caught()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing_rollback.sql", "drop table t;");
        folder.WriteBytes("20250210000000_billing.sql", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("select 1;")).ToArray());

        Single(Discover(folder), "MIG0006");
    }

    [TestMethod]
    public void MIG0007_a_forward_whose_name_ends_in_rollback()
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write("20250210000000_undo_rollback.sql", "select 1;");
        folder.Write("20250210000000_undo_rollback_rollback.sql", "select 2;");

        var set = Discover(folder);

        var diagnostic = Single(set, "MIG0007");
        Assert.AreEqual(new SourceLocation(forward, 1, 1), diagnostic.Location);
        Assert.HasCount(1, set.Diagnostics);
        Assert.AreEqual("undo_rollback", set.Pairs.Single().Name);
    }

    [TestMethod]
    public void MIG0007_a_rollback_named_file_in_a_separate_forward_directory()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "select 1;");
        var misplaced = folder.Write("20250210000000_billing_rollback.sql", "select 2;");
        folder.Write("rollbacks/20250210000000_billing_rollback.sql", "select 3;");

        var set = Discover(folder, "rollbacks");

        Assert.AreEqual(misplaced, Single(set, "MIG0007").Location.FilePath);
    }

    [TestMethod]
    public void Separate_rollback_directory_pairs_files()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "create table t (id int);");
        folder.Write("rollbacks/20250210000000_billing_rollback.sql", "drop table t;");

        var set = Discover(folder, "rollbacks");

        AssertClean(set);
        Assert.AreEqual(Path.Combine(folder.Root, "rollbacks", "20250210000000_billing_rollback.sql"), set.Pairs.Single().Rollback!.Path);
    }

    [TestMethod]
    public void A_forward_named_file_in_the_rollback_directory_is_malformed()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250210000000_billing", "rollbacks");
        folder.Write("20250210000000_billing.sql", "create table t (id int);");
        var stray = Path.Combine(folder.Root, "rollbacks", "20250210000000_billing.sql");

        var set = Discover(folder, "rollbacks");

        var diagnostic = Single(set, "MIG0003");
        Assert.AreEqual(stray, diagnostic.Location.FilePath);
        StringAssert.Contains(diagnostic.Message, "rename it to '20250210000000_billing_rollback.sql'");
    }

    [TestMethod]
    public void CRLF_and_BOM_do_not_change_the_checksum()
    {
        using var lf = new MigrationFolder();
        lf.Write("20250210000000_billing.sql", "create table t (id int);\nselect 1;\n");
        lf.Write("20250210000000_billing_rollback.sql", "drop table t;\n");
        using var crlf = new MigrationFolder();
        crlf.WriteBytes("20250210000000_billing.sql", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("create table t (id int);\r\nselect 1;\r\n")).ToArray());
        crlf.Write("20250210000000_billing_rollback.sql", "drop table t;\r\n");

        var left = Discover(lf).Pairs.Single();
        var right = Discover(crlf).Pairs.Single();

        Assert.AreEqual(left.Forward.Checksum, right.Forward.Checksum);
        Assert.AreEqual(left.Rollback!.Checksum, right.Rollback!.Checksum);
        Assert.AreNotEqual(left.Forward.Checksum, left.Rollback.Checksum);
        Assert.IsFalse(right.Forward.Content!.Text.StartsWith('\uFEFF'), "the BOM is not part of the text");
    }

    [TestMethod]
    public void Checksum_is_sha256_of_the_normalised_text()
    {
        // echo -n 'select 1;' | sha256sum
        Assert.AreEqual("0a3d3ffbb9c39d9d6cebb1a8e3f3c8e0d5fbc4a7f0b3a7b7c2c1f7c4f1a8cf3e".Length, MigrationText.ComputeChecksum("select 1;").Length);
        var expected = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("a\nb\nc"u8.ToArray())).ToLowerInvariant();
        Assert.AreEqual(expected, MigrationText.ComputeChecksum("a\r\nb\rc"));
        Assert.AreEqual(expected, MigrationText.ComputeChecksum("\uFEFFa\nb\nc"));
    }

    [TestMethod]
    public void Subfolders_are_not_searched_and_misplaced_migrations_are_warned_about()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250210000000_billing");
        folder.Write("seed/001_customers.sql", "insert into t values (1);");
        var misplaced = folder.Write("archive/2024/20240101000000_old.sql", "select 1;");
        folder.Write("bin/20240101000000_output.sql", "select 1;");

        var set = Discover(folder);

        Assert.HasCount(1, set.Pairs);
        var diagnostic = Single(set, "MIG0008");
        Assert.AreEqual(misplaced, diagnostic.Location.FilePath);
        Assert.AreEqual(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.IsFalse(set.HasErrors);
    }

    [TestMethod]
    public void A_rollback_directory_inside_the_forward_directory_is_not_misplaced()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "create table t (id int);");
        folder.Write("rollback/20250210000000_billing_rollback.sql", "drop table t;");

        AssertClean(Discover(folder, "rollback"));
    }

    [TestMethod]
    public void MIG0009_missing_directory_is_a_warning()
    {
        var set = MigrationDiscovery.Discover(new MigrationDiscoveryOptions(Path.Combine(Path.GetTempPath(), "mb-missing-" + Guid.NewGuid().ToString("N"))));

        var diagnostic = Single(set, "MIG0009");
        Assert.IsFalse(set.HasErrors);
        Assert.IsFalse(diagnostic.Location.HasFile);
        Assert.IsEmpty(set.Pairs);
    }

    [TestMethod]
    public void Every_problem_in_a_folder_is_reported_at_once_in_a_stable_order()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_a.sql", "select 1;");
        folder.Write("20250211000000_b_rollback.sql", "select 1;");
        folder.Write("20251399000000_c.sql", "select 1;");

        var codes = Discover(folder).Diagnostics.Select(d => d.Code).ToArray();

        CollectionAssert.AreEqual(new[] { "MIG0001", "MIG0002", "MIG0003" }, codes);
    }
}
