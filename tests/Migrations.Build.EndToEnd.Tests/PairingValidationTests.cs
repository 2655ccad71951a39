using System.Text;
using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>`dotnet build` through the packed SDK fails on each file rule with the canonical line, in both kinds of project.</summary>
[TestClass]
public sealed class PairingValidationTests
{
    private const string Forward = "20250210000000_billing_integration_schema.sql";
    private const string Rollback = "20250210000000_billing_integration_schema_rollback.sql";

    [TestMethod]
    [DataRow(ConsumerKind.MigrationsOnly)]
    [DataRow(ConsumerKind.InsideApplication)]
    public void The_sample_migrations_build(ConsumerKind kind)
    {
        using var project = ConsumerProject.Create(kind);
        project.CopySampleMigrations();

        var result = project.Build("-v:n");

        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "Validated 2 migration(s)");
    }

    [TestMethod]
    [DataRow(ConsumerKind.MigrationsOnly)]
    [DataRow(ConsumerKind.InsideApplication)]
    public void MIG0001_forward_without_rollback(ConsumerKind kind)
    {
        using var project = ConsumerProject.Create(kind);
        var forward = project.Write("migrations/" + Forward, "create table billing (id int);\n");

        var result = project.Build();

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", forward, 1, 1, "MIG0001",
            "Migration 20250210000000_billing_integration_schema has no rollback; add 20250210000000_billing_integration_schema_rollback.sql beside it, or mark an intentionally empty rollback with -- migrations:irreversible.",
            project.ProjectPath);
    }

    [TestMethod]
    [DataRow(ConsumerKind.MigrationsOnly)]
    [DataRow(ConsumerKind.InsideApplication)]
    public void MIG0002_rollback_without_forward(ConsumerKind kind)
    {
        using var project = ConsumerProject.Create(kind);
        var rollback = project.Write("migrations/" + Rollback, "drop table billing;\n");

        var result = project.Build();

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", rollback, 1, 1, "MIG0002",
            "Rollback 20250210000000_billing_integration_schema_rollback.sql has no forward migration 20250210000000_billing_integration_schema.sql; add the forward file, or delete the rollback if the migration was removed.",
            project.ProjectPath);
    }

    [TestMethod]
    [DataRow(ConsumerKind.MigrationsOnly)]
    [DataRow(ConsumerKind.InsideApplication)]
    public void MIG0003_impossible_timestamp(ConsumerKind kind)
    {
        using var project = ConsumerProject.Create(kind);
        var bad = project.Write("migrations/20250230000000_billing.sql", "select 1;\n");

        var result = project.Build();

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", bad, 1, 1, "MIG0003",
            "'20250230000000_billing.sql' has an impossible timestamp 20250230000000: day 30 does not exist in February 2025 (it has 28 days); use a real UTC date-time YYYYMMDDHHMMSS.",
            project.ProjectPath);
    }

    [TestMethod]
    [DataRow(ConsumerKind.MigrationsOnly)]
    [DataRow(ConsumerKind.InsideApplication)]
    public void MIG0004_duplicate_version(ConsumerKind kind)
    {
        using var project = ConsumerProject.Create(kind);
        project.Write("migrations/20250210000000_alpha.sql", "select 1;\n");
        project.Write("migrations/20250210000000_alpha_rollback.sql", "select 1;\n");
        var beta = project.Write("migrations/20250210000000_beta.sql", "select 1;\n");
        project.Write("migrations/20250210000000_beta_rollback.sql", "select 1;\n");

        var result = project.Build();

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", beta, 1, 1, "MIG0004",
            "Version 20250210000000 of '20250210000000_beta.sql' is already used by '20250210000000_alpha.sql'; versions order migrations and must be unique, so give one of them (and its rollback) a later timestamp.",
            project.ProjectPath);
    }

    [TestMethod]
    [DataRow(ConsumerKind.MigrationsOnly)]
    [DataRow(ConsumerKind.InsideApplication)]
    public void MIG0005_empty_rollback(ConsumerKind kind)
    {
        using var project = ConsumerProject.Create(kind);
        project.Write("migrations/" + Forward, "create table billing (id int);\n");
        var rollback = project.Write("migrations/" + Rollback, "-- TODO\n\n/* later */\n");

        var result = project.Build();

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", rollback, 1, 1, "MIG0005",
            "Rollback 20250210000000_billing_integration_schema_rollback.sql contains no SQL statements (only whitespace or comments); write the statements that undo 20250210000000_billing_integration_schema.sql, or, if it cannot be undone, put -- migrations:irreversible on its first line.",
            project.ProjectPath);
    }

    [TestMethod]
    [DataRow(ConsumerKind.MigrationsOnly)]
    [DataRow(ConsumerKind.InsideApplication)]
    public void MIG0006_invalid_utf8_at_its_line_and_column(ConsumerKind kind)
    {
        using var project = ConsumerProject.Create(kind);
        project.Write("migrations/" + Rollback, "drop table billing;\n");
        var bytes = Encoding.UTF8.GetBytes("create table billing (id int);\r\ncomment on table billing is 'Facturaci")
            .Concat(new byte[] { 0xF3, (byte)'n', (byte)'\'', (byte)';', (byte)'\n' }).ToArray();
        var forward = project.WriteBytes("migrations/" + Forward, bytes);

        var result = project.Build();

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", forward, 2, 39, "MIG0006",
            "'20250210000000_billing_integration_schema.sql' cannot be read as SQL text: byte 0xF3 is not valid UTF-8…",
            project.ProjectPath);
    }

    [TestMethod]
    [DataRow(ConsumerKind.MigrationsOnly)]
    [DataRow(ConsumerKind.InsideApplication)]
    public void MIG0007_forward_name_ending_in_rollback(ConsumerKind kind)
    {
        using var project = ConsumerProject.Create(kind);
        var forward = project.Write("migrations/20250210000000_undo_rollback.sql", "select 1;\n");
        project.Write("migrations/20250210000000_undo_rollback_rollback.sql", "select 1;\n");

        var result = project.Build();

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", forward, 1, 1, "MIG0007",
            "'20250210000000_undo_rollback.sql' is a forward migration (its rollback 20250210000000_undo_rollback_rollback.sql exists) whose name ends in '_rollback'…",
            project.ProjectPath);
    }

    /// <summary>
    /// Opening a named pipe waits for a writer, so before MIG0011 this build never ended; DotnetCli kills a build that
    /// runs past its bound (with the task host it started), which fails the test rather than hanging the run.
    /// </summary>
    [TestMethod]
    [OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
    public void MIG0011_named_pipe_fails_the_build_instead_of_hanging_it()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        var pipe = SpecialFiles.NamedPipe(Path.Combine(project.MigrationsDirectory, Forward));
        project.Write("migrations/" + Rollback, "drop table billing;\n");

        var result = project.Build();

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", pipe, 1, 1, "MIG0011",
            "'20250210000000_billing_integration_schema.sql' is not a regular file but a named pipe (FIFO), so it cannot be read as a migration; replace it with a regular file holding the migration's SQL (a symbolic link to one is fine), or move it out of the folder.",
            project.ProjectPath);
    }

    [TestMethod]
    public void Warnings_obey_NoWarn_and_WarningsAsErrors()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();
        var misplaced = project.Write("migrations/archive/20240101000000_old.sql", "select 1;\n");

        var warned = project.Build();
        BuildAssert.Succeeded(warned);
        BuildAssert.HasDiagnostic(warned, "warning", misplaced, 1, 1, "MIG0008", "'20240101000000_old.sql' looks like a migration…", project.ProjectPath);

        var asError = project.Build("-p:WarningsAsErrors=MIG0008", "--no-incremental");
        BuildAssert.Failed(asError);
        BuildAssert.HasDiagnostic(asError, "error", misplaced, 1, 1, "MIG0008", "'20240101000000_old.sql' looks like a migration…", project.ProjectPath);

        var silenced = project.Build("-p:NoWarn=MIG0008", "--no-incremental");
        BuildAssert.Succeeded(silenced);
        Assert.DoesNotContain("MIG0008", silenced.Output);
    }

    [TestMethod]
    public void Supabase_layout_with_separate_rollbacks_is_found_by_default()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly, "<PropertyGroup><MigrationsRollbackDirectory>supabase/rollbacks</MigrationsRollbackDirectory></PropertyGroup>");
        Directory.Delete(project.MigrationsDirectory);
        project.Write("supabase/migrations/" + Forward, "create table billing (id int);\n");
        var forwardPath = Path.Combine(project.ProjectDirectory, "supabase", "migrations", Forward);
        Directory.CreateDirectory(Path.Combine(project.ProjectDirectory, "supabase", "rollbacks"));

        var missing = project.Build();
        BuildAssert.Failed(missing);
        BuildAssert.HasDiagnostic(missing, "error", forwardPath, 1, 1, "MIG0001", "Migration 20250210000000_billing_integration_schema has no rollback; add 20250210000000_billing_integration_schema_rollback.sql to '…", project.ProjectPath);

        project.Write("supabase/rollbacks/" + Rollback, "drop table billing;\n");
        BuildAssert.Succeeded(project.Build());
    }

    [TestMethod]
    public void SkipMigrationValidation_turns_validation_off()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write("migrations/" + Forward, "create table billing (id int);\n");

        BuildAssert.Succeeded(project.Build("-p:SkipMigrationValidation=true"));
    }
}
