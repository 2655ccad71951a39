using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Tests.Commands;

/// <summary>
/// An unconfirmed change to Production is refused with a command to paste — and that command must do what the user
/// asked for: a ResolveMigration hint that said RollbackMigration would roll production back.
/// </summary>
[TestClass]
public sealed class ConfirmationHintTests
{
    private const string Prefix = "CONFIRM_PRODUCTION=true dotnet msbuild /work/db/db.csproj ";

    [TestMethod]
    [DataRow(MigrationOperation.Deploy, "-t:DeployMigration -p:Migration=20250210000000_billing")]
    [DataRow(MigrationOperation.Rollback, "-t:RollbackMigration -p:Migration=20250210000000_billing")]
    [DataRow(MigrationOperation.Test, "-t:TestMigration -p:Migration=20250210000000_billing")]
    [DataRow(MigrationOperation.Resolve, "-t:ResolveMigration -p:Migration=20250210000000_billing -p:As=rolled_back -p:Reason='index dropped by hand'")]
    [DataRow(MigrationOperation.Baseline, "-t:BaselineMigration -p:Migration=20250210000000_billing -p:Reason='index dropped by hand'")]
    public async Task The_hint_repeats_the_operation_the_user_ran(MigrationOperation operation, string expectedCommand)
    {
        using var scenario = new CommandScenario(("SUPABASE_PRODUCTION_URL", CommandScenario.UnusedUrl));
        var settings = scenario.Settings with
        {
            EnvironmentName = "Production",
            Migration = CommandScenario.MigrationId,
            ResolveAs = "rolled_back",
            ResolveReason = "index dropped by hand",
        };

        Assert.IsFalse(await Run(operation, settings, scenario.Log));

        var refusal = scenario.Single("MIG1003");
        Assert.AreEqual(
            $"{PublicSurface.TargetName(operation)} on Production needs confirmation: CONFIRM_PRODUCTION is not set. To go ahead, run: {Prefix}{expectedCommand}",
            refusal.Message);
    }

    [TestMethod]
    public async Task Without_confirmation_resolve_runs_on_staging_and_says_so_in_its_own_words()
    {
        using var scenario = new CommandScenario(("SUPABASE_STAGING_URL", CommandScenario.UnusedUrl));

        await ResolveCommand.RunAsync(scenario.Settings with { Migration = CommandScenario.MigrationId, ResolveAs = "applied", LockWait = "never" }, scenario.Log);

        Assert.Contains(
            "ResolveMigration runs on Staging because CONFIRM_PRODUCTION is not set; to resolve a migration on Production, run it with CONFIRM_PRODUCTION=true.",
            scenario.Log.Messages);
        Assert.Contains("Environment: Staging — host db.invalid:5432, database app, user deploy", scenario.Log.Messages);
    }

    [TestMethod]
    public async Task Status_needs_no_confirmation()
    {
        using var scenario = new CommandScenario(("SUPABASE_PRODUCTION_URL", CommandScenario.UnusedUrl));

        await StatusCommand.RunAsync(scenario.Settings with { EnvironmentName = "Production", LockWait = "never" }, scenario.Log);

        Assert.DoesNotContain("MIG1003", scenario.Log.Codes);
        Assert.AreEqual("MIG1019", scenario.Errors.Single(), "it got as far as its settings, past every gate");
    }

    private static Task<bool> Run(MigrationOperation operation, OperationSettings settings, IOperationLog log) => operation switch
    {
        MigrationOperation.Deploy => DeployCommand.RunAsync(settings, log),
        MigrationOperation.Rollback => RollbackCommand.RunAsync(settings, log),
        MigrationOperation.Test => TestCommand.RunAsync(settings, log),
        MigrationOperation.Resolve => ResolveCommand.RunAsync(settings, log),
        MigrationOperation.Baseline => BaselineCommand.RunAsync(settings, log),
        _ => StatusCommand.RunAsync(settings, log),
    };
}
