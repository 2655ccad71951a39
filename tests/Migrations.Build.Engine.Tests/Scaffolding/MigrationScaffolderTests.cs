using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Scaffolding;
using Migrations.Build.Engine.Tests.Discovery;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Scaffolding;

[TestClass]
public sealed class MigrationScaffolderTests
{
    private static readonly FixedClock Clock = FixedClock.AtUtc("2026-11-30 12:40");

    private static NewMigrationPair Create(string forwardDirectory, string? rollbackDirectory = null, string name = "add_invoices", TimeProvider? clock = null)
    {
        var pair = MigrationScaffolder.Create(new NewMigrationRequest(forwardDirectory, rollbackDirectory, name) { Clock = clock ?? Clock }, out var problems);
        Assert.IsEmpty(problems, string.Join(Environment.NewLine, problems));
        return pair!;
    }

    [TestMethod]
    public void Creates_the_pair_at_the_current_utc_second_from_the_templates()
    {
        using var folder = new MigrationFolder();
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 30, 13, 40, 5, 999, TimeSpan.FromHours(1)));

        var pair = Create(folder.Root, clock: clock);

        Assert.AreEqual("20261130124005_add_invoices", pair.FileName.Id);
        Assert.AreEqual(Path.Combine(folder.Root, "20261130124005_add_invoices.sql"), pair.ForwardPath);
        Assert.AreEqual(Path.Combine(folder.Root, "20261130124005_add_invoices_rollback.sql"), pair.RollbackPath);
        Assert.IsNull(pair.After);
        Assert.AreEqual(MigrationTemplate.Forward, File.ReadAllText(pair.ForwardPath));
        Assert.AreEqual(MigrationTemplate.Rollback, File.ReadAllText(pair.RollbackPath));
    }

    [TestMethod]
    public void Inside_a_published_artifact_nothing_is_created_and_MIG0018_points_at_the_project()
    {
        using var folder = new MigrationFolder();
        var manifest = Path.Combine(folder.Root, "migrations.json");
        var request = new NewMigrationRequest(folder.Root, null, "add_invoices") { Clock = Clock, ArtifactManifest = manifest };

        var pair = MigrationScaffolder.Create(request, out var problems);

        Assert.IsNull(pair);
        var problem = problems.Single();
        Assert.AreEqual("MIG0018", problem.Code);
        StringAssert.StartsWith(problem.Message, $"This folder is a published migrations artifact ({manifest}): ");
        StringAssert.Contains(problem.Message, "Create the migration in the project the artifact was published from");
        Assert.IsEmpty(Directory.GetFileSystemEntries(folder.Root));
    }

    [TestMethod]
    public void Files_are_utf8_without_bom_with_lf_line_endings()
    {
        using var folder = new MigrationFolder();

        var pair = Create(folder.Root);

        foreach (var path in new[] { pair.ForwardPath, pair.RollbackPath })
        {
            var bytes = File.ReadAllBytes(path);
            Assert.AreNotEqual(0xEF, bytes[0], $"{path} starts with a BOM");
            Assert.DoesNotContain((byte)'\r', bytes, $"{path} has a CR");
            Assert.AreEqual((byte)'\n', bytes[^1]);
        }
    }

    [TestMethod]
    public void The_templates_hint_at_the_directives_without_being_directives()
    {
        StringAssert.Contains(MigrationTemplate.Forward, "-- migrations:no-transaction");
        StringAssert.Contains(MigrationTemplate.Rollback, "-- migrations:irreversible");
        StringAssert.Contains(MigrationTemplate.Rollback, "in reverse order");
        foreach (var line in (MigrationTemplate.Forward + MigrationTemplate.Rollback).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            StringAssert.StartsWith(line, "-- ");
            Assert.IsFalse(line[3..].StartsWith("migrations:", StringComparison.OrdinalIgnoreCase), line);
        }
    }

    [TestMethod]
    public void The_new_pair_validates_at_once_with_only_the_template_warnings()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250210000000_billing_integration_schema");

        var pair = Create(folder.Root);
        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root) { UntouchedTemplatesAreWarnings = true });

        Assert.IsFalse(validation.HasErrors, string.Join(Environment.NewLine, validation.Diagnostics));
        CollectionAssert.AreEqual(new[] { "MIG0019", "MIG0019" }, validation.Diagnostics.Select(d => d.Code).ToArray());
        CollectionAssert.AreEquivalent(new[] { pair.ForwardPath, pair.RollbackPath }, validation.Diagnostics.Select(d => d.Location.FilePath).ToArray());
        Assert.AreEqual(
            $"Rollback {Path.GetFileName(pair.RollbackPath)} is still the template NewMigration wrote; write the statements that undo {Path.GetFileName(pair.ForwardPath)}, or put -- migrations:irreversible on its first line. Until then TestMigration and DeployMigration refuse it as empty (MIG0005).",
            validation.Diagnostics.Single(d => d.Location.FilePath == pair.RollbackPath).Message);
        Assert.AreEqual(2, validation.Set.Pairs.Count);
    }

    [TestMethod]
    public void Database_targets_refuse_an_untouched_template_as_empty()
    {
        using var folder = new MigrationFolder();
        Create(folder.Root);

        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root));

        CollectionAssert.AreEqual(new[] { "MIG0005", "MIG0005" }, validation.Diagnostics.Select(d => d.Code).ToArray());
    }

    [TestMethod]
    public void A_template_checked_out_with_crlf_is_still_the_template_but_an_edited_comment_is_empty()
    {
        using var folder = new MigrationFolder();
        var crlf = folder.Write("20250210000000_a.sql", MigrationTemplate.Forward.Replace("\n", "\r\n", StringComparison.Ordinal));
        folder.Write("20250210000000_a_rollback.sql", "-- nothing to undo yet\n");

        var diagnostics = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root) { UntouchedTemplatesAreWarnings = true }).Diagnostics;

        Assert.AreEqual("MIG0019", diagnostics.Single(d => d.Location.FilePath == crlf).Code);
        Assert.AreEqual("MIG0005", diagnostics.Single(d => d.Location.FilePath != crlf).Code);
    }

    [TestMethod]
    public void A_second_call_in_the_same_second_takes_the_next_second_and_leaves_the_first_pair_untouched()
    {
        using var folder = new MigrationFolder();
        var first = Create(folder.Root, name: "add_invoices");
        File.WriteAllText(first.ForwardPath, "create table invoices (id int);\n");

        var second = Create(folder.Root, name: "add_invoices");

        Assert.AreEqual("20261130124001_add_invoices", second.FileName.Id);
        Assert.AreEqual("20261130124000", second.After);
        Assert.AreEqual("create table invoices (id int);\n", File.ReadAllText(first.ForwardPath));
        Assert.AreEqual(MigrationTemplate.Rollback, File.ReadAllText(first.RollbackPath));
        Assert.HasCount(4, Directory.GetFiles(folder.Root));
    }

    [TestMethod]
    public void A_migration_dated_after_now_makes_the_new_one_sort_after_it()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20991231235959_from_the_future");
        folder.WritePair("20250210000000_older");

        var pair = Create(folder.Root);

        Assert.AreEqual("21000101000000_add_invoices", pair.FileName.Id);
        Assert.AreEqual("20991231235959", pair.After);
    }

    [TestMethod]
    public void Older_migrations_and_malformed_names_do_not_move_the_version()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250210000000_older");
        folder.Write("99999999999999_not_a_date.sql", "select 1;\n");
        folder.Write("seeds/20991231235959_seed.sql", "select 1;\n");

        var pair = Create(folder.Root);

        Assert.AreEqual("20261130124000_add_invoices", pair.FileName.Id);
        Assert.IsNull(pair.After);
    }

    [TestMethod]
    public void A_newer_rollback_in_the_separate_rollback_folder_moves_the_version_too()
    {
        using var folder = new MigrationFolder();
        var rollbacks = Path.Combine(folder.Root, "rollbacks");
        folder.Write("rollbacks/20261130124000_other_rollback.sql", "select 1;\n");

        var pair = Create(Path.Combine(folder.Root, "migrations"), rollbacks);

        Assert.AreEqual("20261130124001_add_invoices", pair.FileName.Id);
    }

    [TestMethod]
    public void Missing_folders_are_created_and_the_rollback_goes_to_the_rollback_folder()
    {
        using var folder = new MigrationFolder();
        var forwards = Path.Combine(folder.Root, "supabase", "migrations");
        var rollbacks = Path.Combine(folder.Root, "supabase", "rollbacks");

        var pair = Create(forwards, rollbacks);

        Assert.AreEqual(Path.Combine(forwards, "20261130124000_add_invoices.sql"), pair.ForwardPath);
        Assert.AreEqual(Path.Combine(rollbacks, "20261130124000_add_invoices_rollback.sql"), pair.RollbackPath);
        Assert.IsTrue(File.Exists(pair.ForwardPath));
        Assert.IsTrue(File.Exists(pair.RollbackPath));
        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(forwards, rollbacks) { UntouchedTemplatesAreWarnings = true });
        Assert.IsFalse(validation.HasErrors, string.Join(Environment.NewLine, validation.Diagnostics));
        Assert.AreEqual(pair.FileName.Id, validation.Set.Pairs.Single().Id);
    }

    [TestMethod]
    public void When_the_rollback_cannot_be_created_nothing_is_left_behind()
    {
        using var folder = new MigrationFolder();
        var blocked = folder.Write("rollbacks", "a file where the rollback folder should be\n");
        var forwards = Path.Combine(folder.Root, "migrations");

        var pair = MigrationScaffolder.Create(new NewMigrationRequest(forwards, blocked, "add_invoices") { Clock = Clock }, out var problems);

        Assert.IsNull(pair);
        var problem = problems.Single();
        Assert.AreEqual("MIG0018", problem.Code);
        StringAssert.StartsWith(problem.Message, $"'{Path.Combine(blocked, "20261130124000_add_invoices_rollback.sql")}' cannot be created: ");
        StringAssert.EndsWith(problem.Message, "Nothing was created; check that the folder is writable, or point MigrationsDirectory / MigrationsRollbackDirectory at one that is.");
        Assert.IsEmpty(Directory.GetFiles(forwards), "the forward written before the rollback failed is removed");
        Assert.AreEqual("a file where the rollback folder should be\n", File.ReadAllText(blocked));
    }

    [TestMethod]
    public void Concurrent_calls_never_overwrite_each_other()
    {
        using var folder = new MigrationFolder();
        var outcomes = new (NewMigrationPair? Pair, IReadOnlyList<Diagnostics.Diagnostic> Problems)[8];

        Parallel.For(0, outcomes.Length, index =>
        {
            var pair = MigrationScaffolder.Create(new NewMigrationRequest(folder.Root, null, "add_invoices") { Clock = Clock }, out var problems);
            outcomes[index] = (pair, problems);
        });

        var created = outcomes.Where(outcome => outcome.Pair is not null).Select(outcome => outcome.Pair!).ToList();
        Assert.IsNotEmpty(created);
        Assert.IsTrue(outcomes.Where(outcome => outcome.Pair is null).All(outcome => outcome.Problems.Single().Code == "MIG0018"));
        // A file claimed by two calls would appear twice in this list but once on disk.
        CollectionAssert.AreEquivalent(
            created.SelectMany(pair => new[] { pair.ForwardPath, pair.RollbackPath }).ToArray(),
            Directory.GetFiles(folder.Root));
    }
}
