namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// The sample migrations plus deliberately broken copies, built through the packed SDK: every transaction and
/// locking rule (MIG0301–MIG0310) and every rollback compatibility rule (MIG0201–MIG0203) in the canonical format at
/// its line and column, and nothing reported against the clean sample files.
/// </summary>
[TestClass]
public sealed class AnalysisValidationTests
{
    private const string UnsafeForward = """
-- A deliberately unsafe migration: every transaction and locking rule fires once.
create index concurrently customers_email_idx on billing.customers (email);
begin;
create index invoices_due_idx on billing.invoices (due_at);
alter table billing.customers add column tier text not null;
alter table billing.customers alter column email type varchar(320);
alter table billing.subscriptions drop column cancel_at;
alter table billing.invoices add constraint invoices_customer_fk foreign key (customer_id) references billing.customers (id);
update billing.customers set tier = 'free';
create table public.audit_log (id bigint primary key, entry text);
alter table billing.customers rename column email to email_address;
commit;
""";

    private const string UnsafeRollback = """
alter table billing.customers rename column email_address to email;
drop table public.audit_log;
alter table billing.invoices drop constraint invoices_customer_fk;
alter table billing.subscriptions add column cancel_at timestamptz;
alter table billing.customers alter column email type text;
alter table billing.customers drop column tier;
drop index billing.invoices_due_idx;
drop index billing.customers_email_idx;
""";

    private const string ViewsForward = """
create table billing.revenue_daily (day date primary key, amount bigint not null);
create view billing.revenue_summary as select sum(amount) as total from billing.revenue_daily;
create table billing.revenue_notes (id bigint primary key);
""";

    private const string ViewsRollback = """
drop table billing.revenue_daily;
drop view billing.revenue_summary;
drop table billing.payment_events_archive;
""";

    private const string ExposePublic = "<PropertyGroup><MigrationsExposedSchemas>public</MigrationsExposedSchemas></PropertyGroup>";

    private const string TableWithoutRls = "create table public.audit_log (id bigint primary key);\n";

    private const string TableWithoutRlsRollback = "drop table public.audit_log;\n";

    private const string TableWithoutRlsFile = "20250401000000_audit_log.sql";

    [TestMethod]
    public void Every_safety_and_rollback_compatibility_rule_is_reported_at_its_position()
    {
        // public is exposed explicitly, so MIG0309 fires as in a Supabase project.
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly, ExposePublic);
        project.CopySampleMigrations();
        var unsafeForward = project.Write("migrations/20250401000000_unsafe_changes.sql", UnsafeForward);
        project.Write("migrations/20250401000000_unsafe_changes_rollback.sql", UnsafeRollback);
        var viewsForward = project.Write("migrations/20250402000000_reporting_views.sql", ViewsForward);
        var viewsRollback = project.Write("migrations/20250402000000_reporting_views_rollback.sql", ViewsRollback);

        var result = project.Build();

        BuildAssert.Failed(result);
        var expected = new (string Kind, string Path, int Line, int Column, string Code, string Message)[]
        {
            ("error", unsafeForward, 2, 14, "MIG0301", "CREATE INDEX CONCURRENTLY cannot run inside a transaction block…"),
            ("error", unsafeForward, 3, 1, "MIG0302", "BEGIN controls the transaction the tool runs this migration in…"),
            ("warning", unsafeForward, 4, 1, "MIG0303", "CREATE INDEX on existing table billing.invoices without CONCURRENTLY…"),
            ("warning", unsafeForward, 5, 52, "MIG0304", "Column billing.customers.tier is added NOT NULL without a default…"),
            ("warning", unsafeForward, 6, 50, "MIG0305", "Changing the type of billing.customers.email rewrites billing.customers…"),
            ("warning", unsafeForward, 7, 35, "MIG0306", "DROP COLUMN billing.subscriptions.cancel_at destroys its data…"),
            ("warning", unsafeForward, 8, 66, "MIG0307", "Adding FOREIGN KEY constraint invoices_customer_fk to existing table billing.invoices without NOT VALID…"),
            ("warning", unsafeForward, 9, 1, "MIG0308", "UPDATE on billing.customers changes data in a migration that also changes the schema…"),
            ("warning", unsafeForward, 10, 1, "MIG0309", "Table public.audit_log is created in the exposed schema public without row level security…"),
            ("warning", unsafeForward, 11, 31, "MIG0310", "Renaming column billing.customers.email to email_address breaks every query…"),
            ("error", unsafeForward, 12, 1, "MIG0302", "COMMIT controls the transaction the tool runs this migration in…"),
            ("warning", viewsForward, 3, 14, "MIG0201", "The forward creates table billing.revenue_notes, but the rollback does not remove it…"),
            ("warning", viewsRollback, 1, 12, "MIG0203", "Dropping table billing.revenue_daily here fails: view billing.revenue_summary, which selects from it, is still there…"),
            ("warning", viewsRollback, 3, 12, "MIG0202", "The rollback drops table billing.payment_events_archive, which the forward does not create…"),
        };
        foreach (var (kind, path, line, column, code, message) in expected)
        {
            BuildAssert.HasDiagnostic(result, kind, path, line, column, code, message, project.ProjectPath);
        }

        Assert.DoesNotContain("billing_integration_schema.sql(", result.Output, result.ToString());
        Assert.DoesNotContain("add_invoice_line_items.sql(", result.Output, result.ToString());
        Assert.DoesNotContain("add_invoice_line_items_rollback.sql(", result.Output, result.ToString());
    }

    [TestMethod]
    public void A_plain_project_exposes_no_schema_and_gets_no_MIG0309()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write("migrations/" + TableWithoutRlsFile, TableWithoutRls);
        project.Write("migrations/20250401000000_audit_log_rollback.sql", TableWithoutRlsRollback);

        var result = project.Build();

        BuildAssert.Succeeded(result);
        Assert.DoesNotContain("MIG0309", result.Output, result.ToString());
    }

    [TestMethod]
    public void A_supabase_layout_project_exposes_public()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        Directory.Delete(project.MigrationsDirectory);
        var forward = project.Write("supabase/migrations/" + TableWithoutRlsFile, TableWithoutRls);
        project.Write("supabase/migrations/20250401000000_audit_log_rollback.sql", TableWithoutRlsRollback);

        var result = project.Build();

        BuildAssert.Succeeded(result);
        BuildAssert.HasDiagnostic(result, "warning", forward, 1, 1, "MIG0309", "Table public.audit_log is created in the exposed schema public without row level security…", project.ProjectPath);
    }

    [TestMethod]
    public void The_supabase_bootstrap_exposes_public()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly, "<PropertyGroup><MigrationsLocalBootstrap>supabase</MigrationsLocalBootstrap></PropertyGroup>");
        var forward = project.Write("migrations/" + TableWithoutRlsFile, TableWithoutRls);
        project.Write("migrations/20250401000000_audit_log_rollback.sql", TableWithoutRlsRollback);

        var result = project.Build();

        BuildAssert.HasDiagnostic(result, "warning", forward, 1, 1, "MIG0309", "Table public.audit_log is created in the exposed schema public without row level security…", project.ProjectPath);
    }

    [TestMethod]
    public void MigrationsExposedSchemas_names_the_exposed_schemas()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly, "<PropertyGroup><MigrationsExposedSchemas>api</MigrationsExposedSchemas></PropertyGroup>");
        project.Write("migrations/" + TableWithoutRlsFile, TableWithoutRls + "create table api.accounts (id bigint primary key);\n");
        var forward = Path.Combine(project.ProjectDirectory, "migrations", TableWithoutRlsFile);
        project.Write("migrations/20250401000000_audit_log_rollback.sql", "drop table api.accounts;\n" + TableWithoutRlsRollback);

        var result = project.Build();

        BuildAssert.Succeeded(result);
        BuildAssert.HasDiagnostic(result, "warning", forward, 2, 1, "MIG0309", "Table api.accounts is created in the exposed schema api without row level security…", project.ProjectPath);
        Assert.DoesNotContain("public.audit_log is created", result.Output, result.ToString());
    }
}
