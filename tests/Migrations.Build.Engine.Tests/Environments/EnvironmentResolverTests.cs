using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Engine.Tests.Environments;

[TestClass]
public sealed class EnvironmentResolverTests
{
    private const string StagingUrl = "postgres://deploy:pw@staging.example.com/postgres";
    private const string ProductionUrl = "postgres://deploy:pw@db.example.com/postgres";

    private static EnvironmentResolver Resolver(Variables variables, params MigrationEnvironment[] configured) =>
        new(configured, variables.Get);

    private static string[] Names(EnvironmentResolution resolution) => resolution.Environments.Select(e => e.Name).ToArray();

    [TestMethod]
    public void The_built_ins_match_the_contract()
    {
        Assert.AreEqual(new MigrationEnvironment("Staging", "SUPABASE_STAGING_URL"), MigrationEnvironment.Staging);
        Assert.AreEqual(
            new MigrationEnvironment("Production", "SUPABASE_PRODUCTION_URL", "CONFIRM_PRODUCTION", "Staging", Backup: true),
            MigrationEnvironment.Production);
        Assert.IsTrue(MigrationEnvironment.Local.IsThrowaway);
        Assert.IsFalse(MigrationEnvironment.Staging.IsThrowaway);
        Assert.IsTrue(MigrationEnvironment.Production.RequiresConfirmation);
        CollectionAssert.AreEqual(new[] { "Staging", "Production", "Local" }, Resolver(new()).Environments.Select(e => e.Name).ToArray());
    }

    [TestMethod]
    public void Test_runs_on_Staging_when_its_URL_is_set()
    {
        var resolution = Resolver(new(("SUPABASE_STAGING_URL", StagingUrl))).Resolve(MigrationOperation.Test);

        CollectionAssert.AreEqual(new[] { "Staging" }, Names(resolution));
        Assert.IsEmpty(resolution.Messages);
        Assert.IsTrue(resolution.Succeeded);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    public void Test_falls_back_to_Local_and_says_so(string? stagingUrl)
    {
        var variables = stagingUrl is null ? new Variables() : new Variables(("SUPABASE_STAGING_URL", stagingUrl));

        var resolution = Resolver(variables).Resolve(MigrationOperation.Test);

        CollectionAssert.AreEqual(new[] { "Local" }, Names(resolution));
        Assert.HasCount(1, resolution.Messages);
        Assert.AreEqual(
            "SUPABASE_STAGING_URL is not set, so TestMigration runs on Local, a throwaway database; set SUPABASE_STAGING_URL to test on Staging.",
            resolution.Messages[0]);
    }

    [TestMethod]
    public void Deploy_goes_to_Production_whatever_is_set()
    {
        var resolution = Resolver(new(("SUPABASE_STAGING_URL", StagingUrl))).Resolve(MigrationOperation.Deploy);

        CollectionAssert.AreEqual(new[] { "Production" }, Names(resolution));
        Assert.IsTrue(resolution.Succeeded);
    }

    [TestMethod]
    public void Rollback_goes_to_Production_only_when_confirmed_exactly()
    {
        var resolution = Resolver(new(("CONFIRM_PRODUCTION", "true"))).Resolve(MigrationOperation.Rollback);

        CollectionAssert.AreEqual(new[] { "Production" }, Names(resolution));
        Assert.IsEmpty(resolution.Messages);
    }

    [TestMethod]
    [DataRow(null, "CONFIRM_PRODUCTION is not set")]
    [DataRow("TRUE", "CONFIRM_PRODUCTION is not exactly 'true'")]
    [DataRow("1", "CONFIRM_PRODUCTION is not exactly 'true'")]
    [DataRow(" true", "CONFIRM_PRODUCTION is not exactly 'true'")]
    public void Rollback_otherwise_goes_to_Staging_and_says_why(string? confirmation, string reason)
    {
        var variables = confirmation is null ? new Variables() : new Variables(("CONFIRM_PRODUCTION", confirmation));

        var resolution = Resolver(variables).Resolve(MigrationOperation.Rollback);

        CollectionAssert.AreEqual(new[] { "Staging" }, Names(resolution));
        Assert.AreEqual(
            $"RollbackMigration runs on Staging because {reason}; to roll back Production, run it with CONFIRM_PRODUCTION=true.",
            resolution.Messages.Single());
    }

    [TestMethod]
    public void Rollback_follows_a_redefined_confirmation_variable()
    {
        var production = MigrationEnvironment.Production with { ConfirmVariable = "I_MEAN_IT" };

        var confirmed = Resolver(new(("I_MEAN_IT", "true")), production).Resolve(MigrationOperation.Rollback);
        var oldVariable = Resolver(new(("CONFIRM_PRODUCTION", "true")), production).Resolve(MigrationOperation.Rollback);

        CollectionAssert.AreEqual(new[] { "Production" }, Names(confirmed));
        CollectionAssert.AreEqual(new[] { "Staging" }, Names(oldVariable));
    }

    [TestMethod]
    public void Status_covers_every_environment_whose_URL_is_set_in_declaration_order()
    {
        var qa = new MigrationEnvironment("QA", "QA_DATABASE_URL");
        var demo = new MigrationEnvironment("Demo", "DEMO_DATABASE_URL");
        var variables = new Variables(
            ("SUPABASE_PRODUCTION_URL", ProductionUrl),
            ("QA_DATABASE_URL", "Host=qa"),
            ("MIGRATIONS_LOCAL_URL", "Host=localhost"));

        var resolution = Resolver(variables, qa, demo).Resolve(MigrationOperation.Status);

        CollectionAssert.AreEqual(new[] { "Production", "QA" }, Names(resolution));
        Assert.IsEmpty(resolution.Messages);
    }

    [TestMethod]
    public void Status_with_no_URL_set_is_empty_and_says_which_variables_it_looked_for()
    {
        var resolution = Resolver(new()).Resolve(MigrationOperation.Status);

        Assert.IsEmpty(resolution.Environments);
        Assert.IsTrue(resolution.Succeeded);
        Assert.AreEqual(
            "No environment URL is set (SUPABASE_STAGING_URL, SUPABASE_PRODUCTION_URL), so there is no database to report on.",
            resolution.Messages.Single());
    }

    [TestMethod]
    [DataRow(MigrationOperation.Test)]
    [DataRow(MigrationOperation.Deploy)]
    [DataRow(MigrationOperation.Rollback)]
    [DataRow(MigrationOperation.Status)]
    public void An_explicit_environment_wins_for_every_operation(MigrationOperation operation)
    {
        var qa = new MigrationEnvironment("QA", "QA_DATABASE_URL");
        var variables = new Variables(("SUPABASE_STAGING_URL", StagingUrl), ("CONFIRM_PRODUCTION", "true"));

        var resolution = Resolver(variables, qa).Resolve(operation, "qa");

        Assert.AreSame(qa, resolution.Environments.Single());
        Assert.IsEmpty(resolution.Messages);
    }

    [TestMethod]
    public void A_blank_explicit_name_counts_as_not_given()
    {
        var resolution = Resolver(new()).Resolve(MigrationOperation.Deploy, "  ");

        CollectionAssert.AreEqual(new[] { "Production" }, Names(resolution));
    }

    [TestMethod]
    public void An_unknown_explicit_name_is_MIG1002_listing_the_known_ones()
    {
        var resolution = Resolver(new(), new MigrationEnvironment("QA", "QA_DATABASE_URL")).Resolve(MigrationOperation.Deploy, "Stagign");

        Assert.IsFalse(resolution.Succeeded);
        Assert.IsEmpty(resolution.Environments);
        var diagnostic = resolution.Diagnostics.Single();
        Assert.AreEqual("MIG1002", diagnostic.Code);
        Assert.IsTrue(diagnostic.IsError);
        Assert.AreEqual(
            "MigrationsEnvironment 'Stagign' is not a known environment; known environments: Staging, Production, Local, QA. "
            + "Did you mean Staging? Correct -p:MigrationsEnvironment, or declare it: <MigrationEnvironment Include=\"Stagign\" UrlVariable=\"…\" />.",
            diagnostic.Message);
    }

    [TestMethod]
    public void An_unknown_name_far_from_every_known_one_gets_no_suggestion()
    {
        var message = Resolver(new()).Resolve(MigrationOperation.Status, "Preview").Diagnostics.Single().Message;

        Assert.DoesNotContain("Did you mean", message);
    }

    [TestMethod]
    public void A_configured_environment_replaces_a_built_in_of_the_same_name()
    {
        var staging = new MigrationEnvironment("staging", "MY_STAGING_URL");

        var resolver = Resolver(new(("MY_STAGING_URL", StagingUrl)), staging);

        Assert.AreSame(staging, resolver.Find("Staging"));
        CollectionAssert.AreEqual(new[] { "staging", "Production", "Local" }, resolver.Environments.Select(e => e.Name).ToArray());
        Assert.AreSame(staging, resolver.Resolve(MigrationOperation.Test).Environments.Single());
    }

    [TestMethod]
    public void A_redefined_Local_stays_throwaway()
    {
        var resolver = Resolver(new(), new MigrationEnvironment("Local", "MY_SERVER_URL"));

        var local = resolver.Find("Local")!;
        Assert.AreEqual("MY_SERVER_URL", local.UrlVariable);
        Assert.IsTrue(local.IsThrowaway);
    }

    [TestMethod]
    public void The_later_of_two_declarations_wins()
    {
        var resolver = Resolver(new(), new MigrationEnvironment("QA", "FIRST"), new MigrationEnvironment("qa", "SECOND"));

        Assert.AreEqual("SECOND", resolver.Find("QA")!.UrlVariable);
        Assert.AreEqual(4, resolver.Environments.Count);
    }
}
