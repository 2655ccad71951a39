using Migrations.Build.Engine.Scaffolding;
using Migrations.Build.Engine.Tests.Discovery;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Scaffolding;

/// <summary>-p:Name is checked with validation's own file rules, and a rejected name comes with the name to use.</summary>
[TestClass]
public sealed class NewMigrationNameTests
{
    private static readonly FixedClock Clock = FixedClock.AtUtc("2026-11-30 12:40");

    private static (string Code, string Message) Reject(string? name)
    {
        using var folder = new MigrationFolder();
        var pair = MigrationScaffolder.Create(new NewMigrationRequest(folder.Root, null, name) { Clock = Clock, ProjectPath = "/repo/db/Billing.Database.csproj" }, out var problems);

        Assert.IsNull(pair);
        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(folder.Root), "a rejected name creates nothing");
        var problem = problems.Single();
        Assert.IsTrue(problem.IsError);
        return (problem.Code, problem.Message);
    }

    [TestMethod]
    [DataRow("Add Invoices")]
    [DataRow("add-invoices")]
    [DataRow("AddInvoices")]
    [DataRow("add invoices!")]
    [DataRow("ADD_INVOICES")]
    [DataRow("add_invoices.sql")]
    public void A_name_that_is_not_lower_snake_case_is_MIG0003_with_the_closest_legal_name(string name)
    {
        var (code, message) = Reject(name);

        Assert.AreEqual("MIG0003", code);
        Assert.AreEqual($"The name '{name}' is not lower snake case ([a-z0-9_]+); use -p:Name=add_invoices.", message);
    }

    [TestMethod]
    public void A_name_with_nothing_usable_is_MIG0003_with_an_example()
    {
        var (code, message) = Reject("!!!");

        Assert.AreEqual("MIG0003", code);
        Assert.AreEqual("The name '!!!' is not lower snake case ([a-z0-9_]+) and has nothing to make one from; use a name such as -p:Name=add_invoices.", message);
    }

    [TestMethod]
    [DataRow("x_rollback", "x")]
    [DataRow("undo_billing_rollback_rollback", "undo_billing")]
    [DataRow("__rollback", "add_invoices")]
    public void A_name_ending_in_rollback_is_MIG0007_with_the_suffix_removed(string name, string suggestion)
    {
        var (code, message) = Reject(name);

        Assert.AreEqual("MIG0007", code);
        Assert.AreEqual($"The name '{name}' ends in '_rollback', so the new forward file would read as the rollback of another migration; use -p:Name={suggestion}.", message);
    }

    [TestMethod]
    public void A_suggestion_never_ends_in_rollback_either()
    {
        var (code, message) = Reject("Add_Rollback");

        Assert.AreEqual("MIG0003", code);
        StringAssert.EndsWith(message, "use -p:Name=add.");
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    public void No_name_is_MIG0017_with_the_command_to_run(string? name)
    {
        var (code, message) = Reject(name);

        Assert.AreEqual("MIG0017", code);
        Assert.AreEqual("NewMigration needs the new migration's name; run dotnet msbuild /repo/db/Billing.Database.csproj -t:NewMigration -p:Name=add_invoices, with the name in lower snake case ([a-z0-9_]+).", message);
    }

    [TestMethod]
    public void Surrounding_whitespace_is_not_part_of_the_name()
    {
        using var folder = new MigrationFolder();

        var pair = MigrationScaffolder.Create(new NewMigrationRequest(folder.Root, null, " add_invoices ") { Clock = Clock }, out var problems);

        Assert.IsEmpty(problems);
        Assert.AreEqual("20261130124000_add_invoices", pair!.FileName.Id);
    }
}
