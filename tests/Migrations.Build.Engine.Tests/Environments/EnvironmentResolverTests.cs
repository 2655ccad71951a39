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
    [DataRow("", "CONFIRM_PRODUCTION is not set")]
    [DataRow("   ", "CONFIRM_PRODUCTION is not set")]
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

    [TestMethod]
    [DataRow("production", "Production")]
    [DataRow("PRODUCTION", "Production")]
    [DataRow(" Staging ", "Staging")]
    [DataRow("local", "Local")]
    public void A_built_in_is_named_in_any_case_and_with_spaces_around(string explicitName, string expected)
    {
        var resolution = Resolver(new()).Resolve(MigrationOperation.Deploy, explicitName);

        CollectionAssert.AreEqual(new[] { expected }, Names(resolution));
        Assert.IsTrue(resolution.Succeeded);
    }

    [TestMethod]
    public void A_short_typo_gets_a_suggestion_too()
    {
        var message = Resolver(new()).Resolve(MigrationOperation.Test, "Lcal").Diagnostics.Single().Message;

        StringAssert.Contains(message, "known environments: Staging, Production, Local. Did you mean Local? Correct -p:MigrationsEnvironment");
    }

    [TestMethod]
    public void Test_falls_back_to_Local_naming_a_redefined_Staging_variable()
    {
        var resolution = Resolver(new(("SUPABASE_STAGING_URL", StagingUrl)), new MigrationEnvironment("Staging", "MY_STAGING_URL")).Resolve(MigrationOperation.Test);

        CollectionAssert.AreEqual(new[] { "Local" }, Names(resolution));
        Assert.AreEqual(
            "MY_STAGING_URL is not set, so TestMigration runs on Local, a throwaway database; set MY_STAGING_URL to test on Staging.",
            resolution.Messages.Single());
    }

    [TestMethod]
    public void Deploy_goes_to_a_redefined_Production()
    {
        var production = new MigrationEnvironment("Production", "MY_PRODUCTION_URL", "I_MEAN_IT");

        Assert.AreSame(production, Resolver(new(), production).Resolve(MigrationOperation.Deploy).Environments.Single());
    }

    [TestMethod]
    public void Rollback_of_a_Production_redefined_without_a_confirmation_variable_still_asks_for_CONFIRM_PRODUCTION()
    {
        // Rolling back production by default must never become easier because a project redefined the environment.
        var production = new MigrationEnvironment("Production", "MY_PRODUCTION_URL");

        var unconfirmed = Resolver(new(), production).Resolve(MigrationOperation.Rollback);
        var confirmed = Resolver(new(("CONFIRM_PRODUCTION", "true")), production).Resolve(MigrationOperation.Rollback);

        CollectionAssert.AreEqual(new[] { "Staging" }, Names(unconfirmed));
        Assert.AreEqual(
            "RollbackMigration runs on Staging because CONFIRM_PRODUCTION is not set; to roll back Production, run it with CONFIRM_PRODUCTION=true.",
            unconfirmed.Messages.Single());
        Assert.AreSame(production, confirmed.Environments.Single());
    }

    [TestMethod]
    public void Status_never_reports_on_Local_even_redefined_with_its_URL_set()
    {
        var variables = new Variables(("MY_SERVER_URL", "Host=localhost"), ("SUPABASE_STAGING_URL", StagingUrl));

        var resolution = Resolver(variables, new MigrationEnvironment("Local", "MY_SERVER_URL")).Resolve(MigrationOperation.Status);

        CollectionAssert.AreEqual(new[] { "Staging" }, Names(resolution));
    }

    [TestMethod]
    public void Status_with_no_URL_set_names_the_project_s_own_variables_and_not_Local_s()
    {
        var variables = new Variables(("MIGRATIONS_LOCAL_URL", "Host=localhost"));

        var resolution = Resolver(variables, new MigrationEnvironment("QA", "QA_DATABASE_URL")).Resolve(MigrationOperation.Status);

        Assert.IsEmpty(resolution.Environments);
        Assert.AreEqual(
            "No environment URL is set (SUPABASE_STAGING_URL, SUPABASE_PRODUCTION_URL, QA_DATABASE_URL), so there is no database to report on.",
            resolution.Messages.Single());
    }

    [TestMethod]
    public void Find_is_case_insensitive_and_null_for_unknown_names()
    {
        var resolver = Resolver(new());

        Assert.AreSame(MigrationEnvironment.Production, resolver.Find("pRoDuCtIoN"));
        Assert.IsNull(resolver.Find("Preview"));
    }

    [TestMethod]
    public void An_operation_outside_the_enumeration_is_a_programming_error()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Resolver(new()).Resolve((MigrationOperation)42));
    }

    [TestMethod]
    public void The_configured_list_and_the_variable_reader_are_required()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => new EnvironmentResolver(null!, new Variables().Get));
        Assert.ThrowsExactly<ArgumentNullException>(() => new EnvironmentResolver([], null!));
    }
}
