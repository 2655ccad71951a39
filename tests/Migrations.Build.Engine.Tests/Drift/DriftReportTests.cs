using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Tests.Drift;

/// <summary>How a difference between the replayed history (expected) and the live database (actual) reads as a drift line.</summary>
[TestClass]
public sealed class DriftReportTests
{
    private const string History = "in its history";
    private const string Live = "on Production";

    [TestMethod]
    public void An_object_only_on_the_live_database_exists_there_but_not_in_its_history()
    {
        var difference = new SchemaDifference(SchemaDifferenceKind.Unexpected, "index", "public.invoices_status_idx", null, null, null, History, Live);

        Assert.AreEqual("index public.invoices_status_idx: exists on Production but not in its history", DriftReport.Line(difference));
    }

    [TestMethod]
    public void An_object_only_in_the_history_is_missing_on_the_live_database()
    {
        var difference = new SchemaDifference(SchemaDifferenceKind.Missing, "policy", "\"own\" on public.invoices", null, null, null, History, Live);

        Assert.AreEqual("policy \"own\" on public.invoices: in its history but missing on Production", DriftReport.Line(difference));
    }

    [TestMethod]
    public void A_changed_property_shows_the_live_value_then_the_history_one()
    {
        var difference = new SchemaDifference(SchemaDifferenceKind.Changed, "column", "public.invoices.status", "default", "'open'::text", "'paid'::text", History, Live);

        Assert.AreEqual("column public.invoices.status: default 'paid'::text, expected 'open'::text", DriftReport.Line(difference));
    }

    [TestMethod]
    [DataRow("deploy=arwdDxt/deploy", "app=r/deploy, deploy=arwdDxt/deploy", "granted on Production but not in its history: app=r/deploy")]
    [DataRow("app=r/deploy, deploy=arwdDxt/deploy", "deploy=arwdDxt/deploy", "granted in its history but not on Production: app=r/deploy")]
    [DataRow("app=r/deploy, deploy=arwdDxt/deploy", "app=rw/deploy, deploy=arwdDxt/deploy", "granted on Production but not in its history: app=rw/deploy; granted in its history but not on Production: app=r/deploy")]
    public void Privileges_name_the_grants_that_differ(string inHistory, string live, string expected)
    {
        var difference = new SchemaDifference(SchemaDifferenceKind.Changed, "privileges", "on table public.invoices", "acl", inHistory, live, History, Live);

        Assert.AreEqual("privileges on table public.invoices: " + expected, DriftReport.Line(difference));
    }
}
