namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// ValidateMigrations is skipped when nothing changed, and re-runs on every change that could change its verdict,
/// including deletions and renames, which file timestamps alone cannot show.
/// </summary>
[TestClass]
public sealed class IncrementalValidationTests
{
    private const string Skipped = "Skipping target \"ValidateMigrations\" because all output files are up-to-date";
    private const string Ran = "Task \"ValidateMigrations\"";

    [TestMethod]
    [DataRow(ConsumerKind.MigrationsOnly)]
    [DataRow(ConsumerKind.InsideApplication)]
    public void A_second_build_skips_validation_and_deleting_a_rollback_fails_the_next(ConsumerKind kind)
    {
        using var project = ConsumerProject.Create(kind);
        project.CopySampleMigrations();

        var first = project.Build("-v:d");
        BuildAssert.Succeeded(first);
        StringAssert.Contains(first.Output, Ran);

        // From the package, validation runs in the build's own process: no task host to start on every build.
        StringAssert.Contains(first.Output, "Task \"ValidateMigrations\"");
        Assert.DoesNotContain("Launching task \"ValidateMigrations\"", first.Output);

        // On .NET 10 on linux-x64 (this test host's runtime, as the .NET 10 SDK's MSBuild) the package's precompiled
        // closure is the one loaded; every other runtime or platform takes the net8.0 IL build.
        var precompiled = Environment.Version.Major == 10 && OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;
        var taskFolder = precompiled ? "net10.0-linux-x64" : "net8.0";
        var separator = Path.DirectorySeparatorChar;
        StringAssert.Contains(first.Output, $"{separator}tasks{separator}{taskFolder}{separator}Migrations.Build.Tasks.dll", first.ToString());

        var second = project.Build("-v:d");
        BuildAssert.Succeeded(second);
        StringAssert.Contains(second.Output, Skipped);
        Assert.DoesNotContain(Ran, second.Output);

        var rollback = Path.Combine(project.MigrationsDirectory, "20250301000000_add_invoice_line_items_rollback.sql");
        File.Delete(rollback);
        var third = project.Build();
        BuildAssert.Failed(third);
        BuildAssert.HasDiagnostic(third, "error", Path.Combine(project.MigrationsDirectory, "20250301000000_add_invoice_line_items.sql"), 1, 1, "MIG0001", "Migration 20250301000000_add_invoice_line_items has no rollback…", project.ProjectPath);

        // A failed validation is not remembered as a pass: building again without a fix fails again.
        BuildAssert.Failed(project.Build());
    }

    [TestMethod]
    public void Editing_adding_and_renaming_migrations_rerun_validation()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();
        BuildAssert.Succeeded(project.Build());

        var rollback = Path.Combine(project.MigrationsDirectory, "20250210000000_billing_integration_schema_rollback.sql");
        File.WriteAllText(rollback, "-- emptied by mistake\n");
        File.SetLastWriteTimeUtc(rollback, DateTime.UtcNow.AddSeconds(2));
        BuildAssert.HasDiagnostic(project.Build(), "error", rollback, 1, 1, "MIG0005", "Rollback 20250210000000_billing_integration_schema_rollback.sql contains no SQL statements…", project.ProjectPath);

        File.WriteAllText(rollback, "drop schema billing cascade;\n");
        File.SetLastWriteTimeUtc(rollback, DateTime.UtcNow.AddSeconds(4));
        BuildAssert.Succeeded(project.Build());

        var added = project.Write("migrations/20250401000000_add_refunds.sql", "create table billing.refunds (id int);\n");
        BuildAssert.HasDiagnostic(project.Build(), "error", added, 1, 1, "MIG0001", "Migration 20250401000000_add_refunds has no rollback…", project.ProjectPath);
        project.Write("migrations/20250401000000_add_refunds_rollback.sql", "drop table billing.refunds;\n");
        BuildAssert.Succeeded(project.Build());

        // A rename keeps every timestamp old; only the hashed file list sees it.
        var renamed = Path.Combine(project.MigrationsDirectory, "20250401000000_add_refund_rollback.sql");
        File.Move(Path.Combine(project.MigrationsDirectory, "20250401000000_add_refunds_rollback.sql"), renamed);
        var afterRename = project.Build();
        BuildAssert.Failed(afterRename);
        BuildAssert.HasDiagnostic(afterRename, "error", renamed, 1, 1, "MIG0002", "Rollback 20250401000000_add_refund_rollback.sql has no forward migration…", project.ProjectPath);
    }

    /// <summary>
    /// The build decides "nothing changed" from each file's size, modification time and change time (the
    /// fingerprint), and ValidateMigrations skips reading files whose stamp it recorded. An edit that keeps the size
    /// and sets the old modification time back still moves the change time, so both see it.
    /// </summary>
    [TestMethod]
    public void An_edit_that_keeps_the_size_and_the_modification_time_reruns_validation()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();
        var rollback = Path.Combine(project.MigrationsDirectory, "20250210000000_billing_integration_schema_rollback.sql");
        var size = (int)new FileInfo(rollback).Length;
        var modified = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc); // whole seconds: set back exactly below
        File.SetLastWriteTimeUtc(rollback, modified);
        BuildAssert.Succeeded(project.Build());
        StringAssert.Contains(project.Build("-v:d").Output, Skipped);

        File.WriteAllText(rollback, "--" + new string('x', size - 3) + "\n");
        File.SetLastWriteTimeUtc(rollback, modified);
        Assert.AreEqual(size, new FileInfo(rollback).Length, "the edit keeps the size");

        var edited = project.Build("-v:d");
        StringAssert.Contains(edited.Output, Ran);
        BuildAssert.HasDiagnostic(edited, "error", rollback, 1, 1, "MIG0005", "Rollback 20250210000000_billing_integration_schema_rollback.sql contains no SQL statements…", project.ProjectPath);
    }
}
