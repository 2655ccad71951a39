using Migrations.Build.Engine.CiSummaries;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Tests.CiSummaries;

[TestClass]
public sealed class StepSummaryMarkdownTests
{
    private static readonly DateTimeOffset Started = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void A_failed_deploy_shows_its_result_migrations_problem_and_files()
    {
        var summary = new StepSummary(MigrationOperation.Deploy, Started) { Environment = "Production", Location = "host db.example.com:5432, database app" };
        summary.AddOutcome(
            new OperationOutcome(false, ["20250210000000_billing"], ["20250101000000_init"], ["20250301000000_items"])
            {
                Timings = [new MigrationTiming("20250210000000_billing", TimeSpan.FromMilliseconds(12)), new MigrationTiming("20250301000000_items", TimeSpan.FromMilliseconds(3), Succeeded: false)],
                NotAttempted = ["20250401000000_more"],
                BackupPath = "/repo/db/obj/backups/Production.dump",
            },
            "applied");
        summary.RunbookPath = "/repo/db/obj/runbooks/Production.md";
        summary.AddProblem(new Diagnostic(DiagnosticCatalog.SqlErrorWhileApplying, new SourceLocation("/repo/db/migrations/20250301000000_items.sql", 2, 5), "relation \"missing\" does not exist"));

        var markdown = StepSummaryMarkdown.Render(summary, succeeded: false, TimeSpan.FromSeconds(1.5), "/repo/db");

        Assert.AreEqual(
            """
            ### ❌ DeployMigration on Production failed

            | | |
            |---|---|
            | Environment | Production — host db.example.com:5432, database app |
            | Result | failed: MIG1007 SQL error while applying — relation "missing" does not exist |
            | Started | 2026-11-30 15:00:00 UTC |
            | Total time | 1.5 s |
            | Backup | /repo/db/obj/backups/Production.dump |
            | Runbook | /repo/db/obj/runbooks/Production.md |

            | Migration | State | Time |
            |---|---|---|
            | 20250210000000_billing | applied | 12 ms |
            | 20250101000000_init | already applied |  |
            | 20250301000000_items | failed | 3 ms |
            | 20250401000000_more | not attempted |  |

            ```text
            migrations/20250301000000_items.sql(2,5): error MIG1007: relation "missing" does not exist
            ```


            """.ReplaceLineEndings("\n"),
            markdown);
    }

    [TestMethod]
    public void Overrides_stand_out_as_a_warning_before_the_facts()
    {
        var summary = new StepSummary(MigrationOperation.Deploy, Started) { Environment = "Production" };
        summary.AddOverride("MigrationsSkipStagingCheck=true");
        summary.AddOverride("MigrationsAllowDataLoss=true");

        var markdown = StepSummaryMarkdown.Render(summary, succeeded: true, TimeSpan.Zero, null);

        StringAssert.StartsWith(markdown, "### ✅ DeployMigration on Production succeeded\n\n> [!WARNING]\n> Overrides used: **MigrationsSkipStagingCheck=true**, **MigrationsAllowDataLoss=true** — recorded in the environment's history.\n\n| | |\n");
    }

    [TestMethod]
    public void A_message_with_backticks_cannot_close_the_code_block_early()
    {
        var summary = new StepSummary(MigrationOperation.Rollback, Started) { Environment = "Staging" };
        summary.AddProblem(new Diagnostic(DiagnosticCatalog.InvalidSetting, SourceLocation.None, "write ```sql fences``` elsewhere"));

        var markdown = StepSummaryMarkdown.Render(summary, succeeded: false, TimeSpan.Zero, null);

        StringAssert.Contains(markdown, "\n````text\nerror MIG1019: write ```sql fences``` elsewhere\n````\n");
        StringAssert.Contains(markdown, "| Result | failed: MIG1019 Invalid setting — write \\`\\`\\`sql fences\\`\\`\\` elsewhere |\n");
    }

    [TestMethod]
    public void Status_brings_its_own_table_under_the_block_heading()
    {
        var summary = new StepSummary(MigrationOperation.Status, Started) { Environment = "Staging", StatusMarkdown = "## Migration History\n\n| Date | Migration | Status | Notes |\n" };

        var markdown = StepSummaryMarkdown.Render(summary, succeeded: true, TimeSpan.Zero, null);

        StringAssert.Contains(markdown, "\n#### Migration History\n\n| Date | Migration | Status | Notes |\n");
    }
}
