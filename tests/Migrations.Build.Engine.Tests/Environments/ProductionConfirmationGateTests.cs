using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Engine.Tests.Environments;

[TestClass]
public sealed class ProductionConfirmationGateTests
{
    private static readonly ProductionConfirmationGate Gate = new();

    private static DeploymentGateContext Context(MigrationEnvironment environment, MigrationOperation operation, Variables variables) =>
        new(environment, operation, variables.Get);

    [TestMethod]
    public async Task Exactly_true_passes()
    {
        var context = Context(MigrationEnvironment.Production, MigrationOperation.Deploy, new(("CONFIRM_PRODUCTION", "true")));

        Assert.IsTrue(Gate.AppliesTo(context));
        var result = await Gate.CheckAsync(context);

        Assert.AreEqual(DeploymentGateResult.Pass("production-confirmation"), result);
    }

    [TestMethod]
    [DataRow(null, "is not set")]
    [DataRow("", "is not set")]
    [DataRow("TRUE", "is 'TRUE', not exactly 'true'")]
    [DataRow("yes", "is 'yes', not exactly 'true'")]
    [DataRow("true ", "is 'true ', not exactly 'true'")]
    [DataRow("postgres://deploy:secret@db.example.com/postgres", "is not exactly 'true'")]
    public async Task Anything_else_is_MIG1003_naming_the_variable_and_the_command(string? value, string state)
    {
        var variables = value is null ? new Variables() : new Variables(("CONFIRM_PRODUCTION", value));

        var result = await Gate.CheckAsync(Context(MigrationEnvironment.Production, MigrationOperation.Deploy, variables));

        Assert.IsFalse(result.Passed);
        Assert.AreEqual("MIG1003", result.Diagnostic!.Code);
        Assert.AreEqual(DiagnosticSeverity.Error, result.Diagnostic.Severity);
        Assert.AreEqual(
            $"DeployMigration on Production needs confirmation: CONFIRM_PRODUCTION {state}. To go ahead, run: CONFIRM_PRODUCTION=true dotnet msbuild … -t:DeployMigration",
            result.Diagnostic.Message);
        Assert.DoesNotContain("secret", result.Diagnostic.Message);
    }

    [TestMethod]
    public async Task The_command_names_the_project_target_and_migration_when_known()
    {
        var context = Context(MigrationEnvironment.Production, MigrationOperation.Rollback, new()) with
        {
            ProjectPath = "db/Billing.Database.csproj",
            Migration = "20250210000000_billing_integration_schema.sql",
        };

        var result = await Gate.CheckAsync(context);

        StringAssert.EndsWith(
            result.Diagnostic!.Message,
            "run: CONFIRM_PRODUCTION=true dotnet msbuild db/Billing.Database.csproj -t:RollbackMigration -p:Migration=20250210000000_billing_integration_schema.sql");
    }

    [TestMethod]
    public async Task A_project_defined_confirmation_variable_is_the_one_named()
    {
        var qa = new MigrationEnvironment("QA", "QA_URL", ConfirmVariable: "CONFIRM_QA");

        var result = await Gate.CheckAsync(Context(qa, MigrationOperation.Test, new(("CONFIRM_PRODUCTION", "true"))));

        Assert.AreEqual(
            "TestMigration on QA needs confirmation: CONFIRM_QA is not set. To go ahead, run: CONFIRM_QA=true dotnet msbuild … -t:TestMigration",
            result.Diagnostic!.Message);
    }

    [TestMethod]
    [DataRow("Staging", MigrationOperation.Deploy, false)]
    [DataRow("Local", MigrationOperation.Test, false)]
    [DataRow("Production", MigrationOperation.Test, true)]
    [DataRow("Production", MigrationOperation.Deploy, true)]
    [DataRow("Production", MigrationOperation.Rollback, true)]
    [DataRow("Production", MigrationOperation.Status, false)]
    public void Applies_to_changes_on_environments_with_a_confirmation_variable(string environment, MigrationOperation operation, bool applies)
    {
        var resolved = MigrationEnvironment.BuiltIn.Single(e => e.Name == environment);

        Assert.AreEqual(applies, Gate.AppliesTo(Context(resolved, operation, new())));
    }

    [TestMethod]
    [DataRow("sixteen-chars-ok", "is 'sixteen-chars-ok', not exactly 'true'")]
    [DataRow("seventeen-chars-x", "is not exactly 'true'")]
    [DataRow("  ", "is '  ', not exactly 'true'")]
    public async Task Values_up_to_sixteen_characters_are_shown_longer_ones_are_not(string value, string state)
    {
        var result = await Gate.CheckAsync(Context(MigrationEnvironment.Production, MigrationOperation.Deploy, new(("CONFIRM_PRODUCTION", value))));

        StringAssert.StartsWith(result.Diagnostic!.Message, $"DeployMigration on Production needs confirmation: CONFIRM_PRODUCTION {state}. ");
    }

    [TestMethod]
    public async Task A_blank_migration_is_left_out_of_the_command()
    {
        var context = Context(MigrationEnvironment.Production, MigrationOperation.Deploy, new()) with { Migration = "  " };

        var result = await Gate.CheckAsync(context);

        StringAssert.EndsWith(result.Diagnostic!.Message, "run: CONFIRM_PRODUCTION=true dotnet msbuild … -t:DeployMigration");
    }

    [TestMethod]
    public async Task A_context_is_required()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => Gate.AppliesTo(null!));
        await Assert.ThrowsExactlyAsync<ArgumentNullException>(() => Gate.CheckAsync(null!).AsTask());
    }
}
