namespace Migrations.Build.Database.Tests.Snapshots;

[TestClass]
public sealed class SecuritySnapshotTests
{
    public TestContext TestContext { get; set; } = null!;

    private const string Invoices = "create table invoices (id int, tenant_id int); alter table invoices enable row level security;";

    [TestMethod]
    public async Task A_missing_policy()
    {
        var lines = await SnapshotScenario.DiffAsync(
            Invoices + "create policy tenant_isolation on invoices using (tenant_id = 1);",
            "drop policy tenant_isolation on invoices",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "policy \"tenant_isolation\" on public.invoices: missing");
    }

    [TestMethod]
    public async Task A_leftover_policy_whose_name_is_a_sentence()
    {
        var lines = await SnapshotScenario.DiffAsync(
            Invoices,
            "create policy \"Tenants read their own invoices\" on invoices for select using (tenant_id = 1)",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "policy \"Tenants read their own invoices\" on public.invoices: exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_changed_policy_using_clause_and_command()
    {
        var lines = await SnapshotScenario.DiffAsync(
            Invoices + "create policy tenant_isolation on invoices using (tenant_id = 1);",
            "drop policy tenant_isolation on invoices; create policy tenant_isolation on invoices as restrictive for update using (tenant_id = 2) with check (tenant_id > 0);",
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            "policy \"tenant_isolation\" on public.invoices: as RESTRICTIVE, expected PERMISSIVE",
            "policy \"tenant_isolation\" on public.invoices: for UPDATE, expected ALL",
            "policy \"tenant_isolation\" on public.invoices: using (tenant_id = 2), expected (tenant_id = 1)",
            "policy \"tenant_isolation\" on public.invoices: with check (tenant_id > 0), expected (none)");
    }

    [TestMethod]
    public async Task A_changed_policy_role_list()
    {
        await using var scenario = await SnapshotScenario.StartAsync("policy_roles", TestContext.CancellationToken);
        var reader = await scenario.CreateRoleAsync("reader", TestContext.CancellationToken);

        var lines = await scenario.DiffAsync(
            Invoices + "create policy tenant_isolation on invoices using (tenant_id = 1);",
            $"alter policy tenant_isolation on invoices to {reader}, current_user",
            TestContext.CancellationToken);

        var me = (string)(await scenario.ScalarAsync("select current_user", TestContext.CancellationToken))!;
        var roles = string.Join(", ", new[] { me, reader }.Order(StringComparer.Ordinal));
        DiffAssert.Lines(lines, $"policy \"tenant_isolation\" on public.invoices: to {roles}, expected public");
    }

    [TestMethod]
    public async Task Row_level_security_enabled()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create table invoices (id int)",
            "alter table invoices enable row level security",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "table public.invoices: row level security enabled, expected disabled");
    }

    [TestMethod]
    public async Task Row_level_security_forced()
    {
        var lines = await SnapshotScenario.DiffAsync(
            Invoices,
            "alter table invoices force row level security",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "table public.invoices: force row level security enabled, expected disabled");
    }

    [TestMethod]
    public async Task A_changed_owner()
    {
        await using var scenario = await SnapshotScenario.StartAsync("owner", TestContext.CancellationToken);
        var owner = await scenario.CreateRoleAsync("owner", TestContext.CancellationToken);
        var me = (string)(await scenario.ScalarAsync("select current_user", TestContext.CancellationToken))!;
        var ownerRights = await OwnerTableRightsAsync(scenario);

        var lines = await scenario.DiffAsync(
            "create table invoices (id int); create schema billing;",
            $"alter table invoices owner to {owner}; alter schema billing owner to {owner}",
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            $"owner of schema billing: role {owner}, expected {me}",
            $"owner of table public.invoices: role {owner}, expected {me}",
            // The owner's own privileges move with the ownership, so the ACL changes too.
            $"privileges on schema billing: acl {owner}=UC/{owner}, expected {me}=UC/{me}",
            $"privileges on table public.invoices: acl {owner}={ownerRights}/{owner}, expected {me}={ownerRights}/{me}");
    }

    [TestMethod]
    public async Task A_leftover_grant()
    {
        await using var scenario = await SnapshotScenario.StartAsync("grant", TestContext.CancellationToken);
        var reader = await scenario.CreateRoleAsync("reader", TestContext.CancellationToken);
        var me = (string)(await scenario.ScalarAsync("select current_user", TestContext.CancellationToken))!;
        var ownerRights = await OwnerTableRightsAsync(scenario);

        var lines = await scenario.DiffAsync(
            "create table invoices (id int, total int); create function f() returns int language sql as $$ select 1 $$;",
            $"grant select, update on invoices to {reader}; grant select (total) on invoices to {reader}; revoke execute on function f() from public;",
            TestContext.CancellationToken);

        var tableAcl = string.Join(", ", new[] { $"{me}={ownerRights}/{me}", $"{reader}=rw/{me}" }.Order(StringComparer.Ordinal));
        DiffAssert.Lines(
            lines,
            $"privileges on column public.invoices.total: exists after rollback but not before",
            $"privileges on function public.f(): acl {me}=X/{me}, expected =X/{me}, {me}=X/{me}",
            $"privileges on table public.invoices: acl {tableAcl}, expected {me}={ownerRights}/{me}");
    }

    [TestMethod]
    public async Task Grant_order_does_not_matter()
    {
        await using var scenario = await SnapshotScenario.StartAsync("grant_order", TestContext.CancellationToken);
        var first = await scenario.CreateRoleAsync("first", TestContext.CancellationToken);
        var second = await scenario.CreateRoleAsync("second", TestContext.CancellationToken);

        var lines = await scenario.DiffAsync(
            $"create table invoices (id int); grant select on invoices to {first}; grant insert on invoices to {second};",
            $"revoke all on invoices from {first}, {second}; grant insert on invoices to {second}; grant select on invoices to {first};",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines);
    }

    [TestMethod]
    public async Task A_grant_and_its_revoke_restore_the_default_privileges()
    {
        await using var scenario = await SnapshotScenario.StartAsync("grant_revoke", TestContext.CancellationToken);
        var reader = await scenario.CreateRoleAsync("reader", TestContext.CancellationToken);

        // Before the grant the ACL is null (defaults); after the revoke it is an explicit array equal to the defaults.
        var lines = await scenario.DiffAsync(
            "create table invoices (id int); create schema billing;",
            $"grant select on invoices to {reader}; revoke select on invoices from {reader}; grant usage on schema billing to {reader}; revoke usage on schema billing from {reader};",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines);
    }

    [TestMethod]
    public async Task Leftover_default_privileges()
    {
        await using var scenario = await SnapshotScenario.StartAsync("default_acl", TestContext.CancellationToken);
        var reader = await scenario.CreateRoleAsync("reader", TestContext.CancellationToken);
        var me = (string)(await scenario.ScalarAsync("select current_user", TestContext.CancellationToken))!;

        var lines = await scenario.DiffAsync(
            "create schema billing",
            $"alter default privileges in schema billing grant select on tables to {reader}; alter default privileges grant usage on types to {reader}; alter default privileges revoke execute on functions from public",
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            $"default privileges for role {me} in schema billing on tables: exists after rollback but not before",
            $"default privileges for role {me} on functions: exists after rollback but not before",
            $"default privileges for role {me} on types: exists after rollback but not before");
    }

    [TestMethod]
    public async Task Default_privileges_granted_and_revoked_leave_no_difference()
    {
        await using var scenario = await SnapshotScenario.StartAsync("default_acl_back", TestContext.CancellationToken);
        var reader = await scenario.CreateRoleAsync("reader", TestContext.CancellationToken);

        var lines = await scenario.DiffAsync(
            "create schema billing",
            $"alter default privileges in schema billing grant select on tables to {reader}; alter default privileges in schema billing revoke select on tables from {reader}",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines);
    }

    /// <summary>
    /// A table owner's default privileges as this server spells them: <c>arwdDxt</c>, and <c>arwdDxtm</c> from
    /// PostgreSQL 17 on (MAINTAIN). Read from the server, so the same test holds on every version CI runs.
    /// </summary>
    private async Task<string> OwnerTableRightsAsync(SnapshotScenario scenario) =>
        (string)(await scenario.ScalarAsync(
            "select substring(acldefault('r', (select oid from pg_roles where rolname = current_user))::text from '=([a-zA-Z]*)/')",
            TestContext.CancellationToken))!;
}
