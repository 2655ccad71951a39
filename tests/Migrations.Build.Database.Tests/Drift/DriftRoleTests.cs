using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Drift;

/// <summary>
/// Owners and privileges name roles: deployed by a role that is not the throwaway server's superuser, with grants and
/// default privileges naming other roles, an untouched database still has no drift — and an owner changed by hand is named.
/// </summary>
[TestClass]
public sealed class DriftRoleTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <param name="onTestServer">
    /// True: the replay runs on the live database's own server, where the roles exist (the deploying one without
    /// superuser). False: on a temporary cluster from local binaries, where the replay must create them.
    /// </param>
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task Objects_owned_by_the_deploying_role_are_not_drift_but_an_owner_changed_by_hand_is(bool onTestServer)
    {
        await using var project = await DriftProject.CreateAsync("drift_roles", TestContext.CancellationToken);
        project.ReplayOnTestServer = onTestServer;
        if (!onTestServer)
        {
            // The temporary cluster must be the live server's major version: across versions the catalogs themselves
            // differ (public's owner since 15, the MAINTAIN privilege since 17), which is drift to the check (MIG1036 warns).
            project.LocalBinDirectory = await PostgresReleases.EnsureAsync(await PostgresReleases.MajorOfAsync(project.Database.ConnectionString, TestContext.CancellationToken), TestContext.CancellationToken);
        }

        var suffix = Guid.NewGuid().ToString("N")[..8];
        var deployer = "drift_deployer_" + suffix;
        var reader = "drift_app_" + suffix;
        await DriftProject.ExecuteOnServerAsync($"create role {deployer} login password 'deploy'; create role {reader} nologin; alter database {project.Database.Name} owner to {deployer}");
        try
        {
            project.Write(
                DriftProject.First,
                $"create schema billing;\ncreate table billing.invoices (id int primary key);\ngrant usage on schema billing to {reader};\ngrant select on billing.invoices to {reader};\n"
                + $"alter default privileges in schema billing grant select on tables to {reader};\n",
                "drop schema billing cascade;\n");
            project.ProductionUrl = new NpgsqlConnectionStringBuilder(project.Database.ConnectionString) { Username = deployer, Password = "deploy" }.ConnectionString;
            var log = new RecordingLog();
            Assert.IsTrue(await DeployCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());
            Assert.AreEqual(deployer, await project.ScalarAsync("select tableowner::text from pg_tables where tablename = 'invoices'"));

            log = new RecordingLog();
            Assert.IsTrue(await DriftCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken), log.ToString());

            if (!onTestServer)
            {
                Assert.IsTrue(log.Messages.Any(message => message.StartsWith("Created role(s) ", StringComparison.Ordinal) && message.Contains(deployer, StringComparison.Ordinal) && message.Contains(reader, StringComparison.Ordinal)), log.ToString());
            }

            var admin = (string)(await project.ScalarAsync("select current_user::text"))!;
            await project.ExecuteAsync("alter table billing.invoices owner to current_user");
            log = new RecordingLog();
            Assert.IsFalse(await DriftCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken));
            var owner = log.Diagnostics.Where(diagnostic => diagnostic.Code == "MIG1040").Select(diagnostic => diagnostic.Message).ToList();
            CollectionAssert.Contains(owner, $"Drift on Production: owner of table billing.invoices: role {admin}, expected {deployer}", log.ToString());
        }
        finally
        {
            await project.Database.DisposeAsync();
            await DriftProject.ExecuteOnServerAsync($"drop role if exists {deployer}; drop role if exists {reader}");
        }
    }
}
