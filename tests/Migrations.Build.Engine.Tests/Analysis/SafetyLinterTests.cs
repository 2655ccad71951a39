using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Sql;
using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Analysis;

[TestClass]
public sealed class SafetyLinterTests
{
    private const string ForwardPath = "migrations/20250210000000_x.sql";
    private const string RollbackPath = "migrations/20250210000000_x_rollback.sql";

    /// <summary>The MIG0309 tests lint as a Supabase project does, with public exposed.</summary>
    private static readonly SafetyLintOptions PublicExposed = SafetyLintOptions.FromExposedSchemasProperty("public");

    private static string Lint(string text, MigrationRole role = MigrationRole.Forward, SafetyLintOptions? options = null)
    {
        var name = new MigrationFileName("20250210000000", "x", new DateTime(2025, 2, 10, 0, 0, 0, DateTimeKind.Utc));
        var file = new MigrationFile(role == MigrationRole.Forward ? ForwardPath : RollbackPath, name, role, null, SqlScript.Parse(text));
        return string.Join(" ", SafetyLinter.Check(file, options ?? PublicExposed).Select(d => $"{d.Code}({d.Location.Line},{d.Location.Column})"));
    }

    [TestMethod]
    [DataRow("create index concurrently ix on t (a);", "MIG0301(1,14)")]
    [DataRow("create unique index\n  concurrently if not exists ix on t (a);", "MIG0301(2,3)")]
    [DataRow("drop index concurrently if exists ix;", "MIG0301(1,12)")]
    [DataRow("reindex index concurrently ix;", "MIG0301(1,15)")]
    [DataRow("reindex (concurrently) table t;", "MIG0301(1,10)")]
    [DataRow("vacuum analyze t;", "MIG0301(1,1)")]
    [DataRow("create database shop;", "MIG0301(1,1)")]
    [DataRow("drop database if exists shop;", "MIG0301(1,1)")]
    [DataRow("alter system set work_mem = '64MB';", "MIG0301(1,1)")]
    [DataRow("create tablespace fast location '/ssd';", "MIG0301(1,1)")]
    [DataRow("refresh materialized view concurrently mv;", "")]
    [DataRow("alter type status add value 'refunded';", "")]
    [DataRow("select 'create index concurrently';", "")]
    [DataRow("-- migrations:no-transaction\ncreate index concurrently ix on t (a);", "")]
    [DataRow("-- migrations:no-transaction\nvacuum t;", "")]
    public void MIG0301_non_transactional_statements_need_no_transaction(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    public void MIG0301_applies_to_rollbacks_too() =>
        Assert.AreEqual("MIG0301(1,12)", Lint("drop index concurrently ix;", MigrationRole.Rollback));

    [TestMethod]
    [DataRow("begin;\ncreate table s.t (id int);\ncommit;", "MIG0302(1,1) MIG0302(3,1)")]
    [DataRow("BEGIN TRANSACTION;", "MIG0302(1,1)")]
    [DataRow("start transaction;", "MIG0302(1,1)")]
    [DataRow("select 1;\n  end;", "MIG0302(2,3)")]
    [DataRow("rollback;", "MIG0302(1,1)")]
    [DataRow("abort;", "MIG0302(1,1)")]
    [DataRow("prepare transaction 'x';", "MIG0302(1,1)")]
    [DataRow("commit prepared 'x';", "MIG0302(1,1)")]
    [DataRow("-- migrations:no-transaction\ncommit;", "MIG0302(2,1)")]
    [DataRow("savepoint s;\nrollback to savepoint s;\nrelease s;", "")]
    [DataRow("do $$ begin perform 1; commit; end $$;", "")]
    [DataRow("create function f() returns int language sql begin atomic select 1; end;", "")]
    [DataRow("prepare q as select 1;", "")]
    public void MIG0302_transaction_control(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    public void MIG0302_applies_to_rollbacks_too() =>
        Assert.AreEqual("MIG0302(1,1)", Lint("begin;\ndrop table s.t;", MigrationRole.Rollback));

    [TestMethod]
    [DataRow("create index ix on billing.invoices (customer_id);", "MIG0303(1,1)")]
    [DataRow("select 1;\ncreate unique index on t (a);", "MIG0303(2,1)")]
    [DataRow("create table s.t (a int);\ncreate index ix on s.t (a);", "")]
    [DataRow("create table t (a int);\nalter table t enable row level security;\ncreate index ix on public.t (a);", "")]
    [DataRow("create table \"T\" (a int);\nalter table \"T\" enable row level security;\ncreate index ix on t (a);", "MIG0303(3,1)")]
    [DataRow("create index ix on s.t (a);\ncreate table s.t (a int);", "MIG0303(1,1)")]
    [DataRow("create materialized view s.mv as select 1 as a with no data;\ncreate unique index on s.mv (a);", "")]
    [DataRow("create index on s.mv (a);", "MIG0303(1,1)")]
    [DataRow("-- migrations:no-transaction\ncreate index concurrently ix on s.t (a);", "")]
    public void MIG0303_index_without_concurrently(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    [DataRow("alter table s.t add column c int not null;", "MIG0304(1,34)")]
    [DataRow("alter table s.t\n  add c int\n    not null;", "MIG0304(3,5)")]
    [DataRow("alter table s.t add column c int not null default 0;", "")]
    [DataRow("alter table s.t add column c int default null not null;", "MIG0304(1,47)")]
    [DataRow("alter table s.t add column c bigint generated always as identity;", "")]
    [DataRow("alter table s.t add column c int;", "")]
    [DataRow("alter table s.t add column c int check (c is not null);", "")]
    [DataRow("create table s.t (id int);\nalter table s.t add column c int not null;", "")]
    public void MIG0304_not_null_column_without_default(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    [DataRow("alter table s.t alter column c type bigint;", "MIG0305(1,32)")]
    [DataRow("alter table s.t alter c set data type text using c::text;", "MIG0305(1,34)")]
    [DataRow("alter table s.t alter column c set default 0;", "")]
    [DataRow("create table s.t (c int);\nalter table s.t alter column c type bigint;", "")]
    public void MIG0305_column_type_change(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    // The old type is known from an earlier statement of the same file: these changes rewrite nothing.
    [TestMethod]
    [DataRow("alter table s.t add c varchar(100);\nalter table s.t alter c type varchar(200);")]
    [DataRow("alter table s.t add c varchar(100);\nalter table s.t alter c type varchar(100);")]
    [DataRow("alter table s.t add c varchar(100);\nalter table s.t alter c type varchar;")]
    [DataRow("alter table s.t add c character varying(100);\nalter table s.t alter c type text;")]
    [DataRow("alter table s.t add c varchar;\nalter table s.t alter c type text;")]
    [DataRow("alter table s.t add c text;\nalter table s.t alter c type varchar;")]
    [DataRow("alter table s.t add c numeric(12, 2);\nalter table s.t alter c type numeric;")]
    [DataRow("alter table s.t add c decimal(12, 2);\nalter table s.t alter c type numeric(14, 2);")]
    [DataRow("alter table s.t add c varbit(8);\nalter table s.t alter c type bit varying(16);")]
    [DataRow("alter table s.t add c varbit(8);\nalter table s.t alter c type varbit;")]
    [DataRow("alter table s.t add c varchar(10) not null default '';\nalter table s.t alter c type varchar(20);\nalter table s.t alter c type text;")]
    [DataRow("alter table s.t add c varchar(10);\nalter table s.t alter c type pg_catalog.varchar(20);")]
    public void MIG0305_not_reported_for_a_change_without_a_rewrite(string text) => Assert.AreEqual(string.Empty, Lint(text));

    [TestMethod]
    [DataRow("alter table s.t add c varchar(200);\nalter table s.t alter c type varchar(100);", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c text;\nalter table s.t alter c type varchar(100);", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c varchar(100);\nalter table s.t alter c type varchar(200) using c::varchar(200);", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c varchar(100);\nalter table s.t alter c type text collate \"C\";", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c int;\nalter table s.t alter c type bigint;", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c int;\nalter table s.t alter c type text;", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c numeric;\nalter table s.t alter c type numeric(12, 2);", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c numeric(12, 2);\nalter table s.t alter c type numeric(14, 4);", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c numeric(12, 2);\nalter table s.t alter c type numeric(10, 2);", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c varbit(16);\nalter table s.t alter c type varbit(8);", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c char(10);\nalter table s.t alter c type char(20);", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c varchar(10)[];\nalter table s.t alter c type varchar(20)[];", "MIG0305(2,25)")]
    [DataRow("alter table s.t add if not exists c varchar(10);\nalter table s.t alter c type text;", "MIG0305(2,25)")]
    [DataRow("alter table s.t add c varchar(10);\nalter table s.t drop c;\nalter table s.t alter c type text;", "MIG0306(2,17) MIG0305(3,25)")]
    [DataRow("alter table s.t add c varchar(10);\nalter table s.u alter c type text;", "MIG0305(2,25)")]
    public void MIG0305_reported_for_a_rewrite(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    // A column an earlier migration created: the file does not show its type, and int to text rewrites, so even a
    // change to text or to an unconstrained type is reported.
    [TestMethod]
    [DataRow("alter table s.t alter column c type text;", "MIG0305(1,32)")]
    [DataRow("alter table s.t alter column c type varchar;", "MIG0305(1,32)")]
    [DataRow("alter table s.t alter column c type numeric;", "MIG0305(1,32)")]
    [DataRow("alter table s.t alter column c type varbit;", "MIG0305(1,32)")]
    [DataRow("alter table s.t alter column c type varchar(200);", "MIG0305(1,32)")]
    public void MIG0305_reported_when_the_old_type_is_not_in_the_file(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    public void MIG0305_message_says_when_the_old_type_is_unknown() =>
        StringAssert.Contains(
            Message("alter table billing.invoices alter column memo type text;"),
            "unless its current type, which this migration does not show, converts to text without a rewrite");

    [TestMethod]
    [DataRow("drop table s.t;", "MIG0306(1,1)")]
    [DataRow("drop table if exists s.a, s.b;", "MIG0306(1,1)")]
    [DataRow("alter table s.t drop column c;", "MIG0306(1,17)")]
    [DataRow("alter table s.t add column d int, drop c;", "MIG0306(1,35)")]
    [DataRow("create table s.tmp (id int);\ndrop table s.tmp;", "")]
    [DataRow("create table s.t (c int);\nalter table s.t drop column c;", "")]
    [DataRow("alter table s.t drop constraint t_check;", "")]
    [DataRow("drop index s.ix;", "")]
    public void MIG0306_destructive_change_in_a_forward(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    public void MIG0306_does_not_apply_to_rollbacks() => Assert.AreEqual(string.Empty, Lint("drop table s.t;\nalter table s.u drop column c;", MigrationRole.Rollback));

    [TestMethod]
    [DataRow("alter table s.t add constraint t_fk foreign key (a) references s.u (id);", "MIG0307(1,37)")]
    [DataRow("alter table s.t add constraint t_check check (a > 0);", "MIG0307(1,40)")]
    [DataRow("alter table s.t add check (a > 0);", "MIG0307(1,21)")]
    [DataRow("alter table s.t add constraint t_fk foreign key (a) references s.u (id) not valid;", "")]
    [DataRow("alter table s.t add constraint t_check check (a > 0) not valid;", "")]
    [DataRow("alter table s.t add constraint t_key unique (a);", "")]
    [DataRow("alter table s.t validate constraint t_fk;", "")]
    [DataRow("create table s.t (a int);\nalter table s.t add constraint t_check check (a > 0);", "")]
    public void MIG0307_constraint_without_not_valid(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    [DataRow("alter table s.t add column c int;\nupdate s.t set c = 1;\ndelete from s.t;", "MIG0308(2,1)")]
    [DataRow("insert into s.t values (1);\ncreate index concurrently ix on s.u (a);", "MIG0308(1,1) MIG0301(2,14)")]
    [DataRow("create table s.plans (id int);\ninsert into s.plans values (1);", "")]
    [DataRow("create table s.plans (id int);\ninsert into s.plans values (1);\ninsert into s.other values (1);", "MIG0308(3,1)")]
    [DataRow("alter table s.t add column c int;\nwith x as (select 1) update s.t set c = 1;", "MIG0308(2,1)")]
    [DataRow("alter table s.t add column c int;\ncopy s.t from stdin;", "MIG0308(2,1)")]
    [DataRow("alter table s.t add column c int;\ncopy s.t to stdout;", "")]
    [DataRow("insert into s.t values (1);\nupdate s.t set a = 2;", "")]
    [DataRow("comment on table s.t is 'x';\ngrant select on s.t to r;\nupdate s.t set a = 2;", "")]
    [DataRow("alter table s.t add column c int;\nselect 1;", "")]
    public void MIG0308_schema_and_data_changes_mixed(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    [DataRow("create table invoices (id int);", "MIG0309(1,1)")]
    [DataRow("create table public.invoices (id int);", "MIG0309(1,1)")]
    [DataRow("create table \"public\".invoices (id int);\nalter table public.invoices disable row level security;", "MIG0309(1,1)")]
    [DataRow("alter table invoices enable row level security;\ncreate table invoices (id int);", "MIG0309(2,1)")]
    [DataRow("create table invoices (id int);\nalter table public.invoices enable row level security;", "")]
    [DataRow("create table public.invoices (id int);\nalter table invoices add column a int, enable row level security;", "")]
    [DataRow("create table billing.invoices (id int);", "")]
    [DataRow("create temp table scratch (id int);", "")]
    [DataRow("create table \"Public\".invoices (id int);", "")]
    [DataRow("set search_path to app, public;\ncreate table invoices (id int);\ncreate table public.x (id int);", "MIG0309(3,1)")]
    [DataRow("set search_path = \"$user\", public;\ncreate table invoices (id int);", "MIG0309(2,1)")]
    [DataRow("set search_path = '';\ncreate table invoices (id int);", "")]
    public void MIG0309_table_in_an_exposed_schema_without_rls(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    [DataRow("create table invoices (id int);")]
    [DataRow("create table public.invoices (id int);")]
    [DataRow("create table api.invoices (id int);")]
    public void MIG0309_not_reported_when_no_schema_is_exposed(string text) =>
        Assert.AreEqual(string.Empty, Lint(text, options: SafetyLintOptions.Default));

    [TestMethod]
    [DataRow("create table api.invoices (id int);", "MIG0309(1,1)")]
    [DataRow("create table invoices (id int);", "")]
    [DataRow("set search_path to api;\ncreate table invoices (id int);", "MIG0309(2,1)")]
    [DataRow("create table api.invoices (id int);\nalter table api.invoices enable row level security;", "")]
    public void MIG0309_reported_in_the_schemas_named_exposed(string text, string expected) =>
        Assert.AreEqual(expected, Lint(text, options: SafetyLintOptions.FromExposedSchemasProperty(" api ; ;")));

    [TestMethod]
    public void Exposed_schemas_property_is_a_semicolon_separated_list() =>
        CollectionAssert.AreEqual(new[] { "public", "api" }, SafetyLintOptions.FromExposedSchemasProperty("public; api;;public").ExposedSchemas.ToArray());

    [TestMethod]
    [DataRow("alter table s.t rename to u;", "MIG0310(1,17)")]
    [DataRow("alter table s.t rename column a to b;", "MIG0310(1,17)")]
    [DataRow("alter table s.t rename a to b;", "MIG0310(1,17)")]
    [DataRow("alter table s.t rename constraint a to b;", "")]
    [DataRow("alter index s.ix rename to iy;", "")]
    [DataRow("create table s.t (a int);\nalter table s.t rename column a to b;", "")]
    public void MIG0310_rename_of_a_table_or_column(string text, string expected) => Assert.AreEqual(expected, Lint(text));

    [TestMethod]
    public void Forward_only_rules_do_not_apply_to_rollbacks() =>
        Assert.AreEqual(string.Empty, Lint(
            "create index ix on s.t (a);\nalter table s.t add column c int not null, alter column d type text, add check (a > 0);\n"
            + "alter table s.t rename to u;\ninsert into s.t values (1);\ncreate table public.x (id int);",
            MigrationRole.Rollback));

    private static string Message(string text)
    {
        var name = new MigrationFileName("20250210000000", "x", new DateTime(2025, 2, 10, 0, 0, 0, DateTimeKind.Utc));
        var file = new MigrationFile(ForwardPath, name, MigrationRole.Forward, null, SqlScript.Parse(text));
        return SafetyLinter.Check(file).Single().Message;
    }

    [TestMethod]
    public void Messages_say_what_why_and_the_safe_rewrite()
    {
        var name = new MigrationFileName("20250210000000", "x", new DateTime(2025, 2, 10, 0, 0, 0, DateTimeKind.Utc));
        var file = new MigrationFile(ForwardPath, name, MigrationRole.Forward, null, SqlScript.Parse("create index ix on billing.invoices (customer_id);"));
        var diagnostic = SafetyLinter.Check(file).Single();
        Assert.AreEqual(
            "CREATE INDEX on existing table billing.invoices without CONCURRENTLY blocks every write to the table (SHARE lock) until the whole index is built; use CREATE INDEX CONCURRENTLY in a migration of its own whose first line is -- migrations:no-transaction.",
            diagnostic.Message);
        Assert.AreEqual(ForwardPath, diagnostic.Location.FilePath);
    }

    [TestMethod]
    [DataRow("alter table billing.\"Invoices\" add check (amount > 0);",
        "Adding a CHECK constraint to existing table billing.\"Invoices\" without NOT VALID scans every row while writes to the table are blocked; add it NOT VALID, then run ALTER TABLE billing.\"Invoices\" VALIDATE CONSTRAINT <name> (so name it) in a later migration (it takes a lock that lets writes continue).")]
    [DataRow("alter table billing.invoices add constraint invoices_customer_fk foreign key (customer_id) references billing.customers (id);",
        "Adding FOREIGN KEY constraint invoices_customer_fk to existing table billing.invoices without NOT VALID scans every row while writes to the table are blocked; add it NOT VALID, then run ALTER TABLE billing.invoices VALIDATE CONSTRAINT invoices_customer_fk in a later migration (it takes a lock that lets writes continue).")]
    [DataRow("alter table billing.invoices add column \"Memo\" text not null;",
        "Column billing.invoices.\"Memo\" is added NOT NULL without a default, which fails as soon as billing.invoices has a row; give it a DEFAULT (a constant default adds no rewrite on PostgreSQL 11+), or add it nullable, backfill it, and set NOT NULL in a later migration.")]
    [DataRow("commit;",
        "COMMIT controls the transaction the tool runs this migration in, so statements after it run outside it and a failure leaves the migration half-applied and unrecorded; remove it (the tool already wraps the file in one transaction, or runs it statement by statement with -- migrations:no-transaction).")]
    [DataRow("start transaction;",
        "START TRANSACTION controls the transaction the tool runs this migration in, so statements after it run outside it and a failure leaves the migration half-applied and unrecorded; remove it (the tool already wraps the file in one transaction, or runs it statement by statement with -- migrations:no-transaction).")]
    [DataRow("drop index concurrently billing.ix;",
        "DROP INDEX CONCURRENTLY cannot run inside a transaction block, and this migration runs in one, so it fails on deploy; move it to a migration of its own whose first line is -- migrations:no-transaction.")]
    public void Messages_name_the_objects_as_sql_writes_them(string text, string expected)
    {
        var name = new MigrationFileName("20250210000000", "x", new DateTime(2025, 2, 10, 0, 0, 0, DateTimeKind.Utc));
        var file = new MigrationFile(ForwardPath, name, MigrationRole.Forward, null, SqlScript.Parse(text));
        Assert.AreEqual(expected, SafetyLinter.Check(file).Single().Message);
    }

    [TestMethod]
    public void Suppression_by_statement_and_by_file_directive()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_x.sql",
            "-- migrations:disable-file MIG0306 the column was unused since release 41\n"
            + "alter table s.t drop column legacy;\n"
            + "-- migrations:disable MIG0303 the table has a few hundred rows\n"
            + "create index ix on s.t (a);\n"
            + "create index iy on s.t (b);\n"
            + "drop table s.old;\n");
        folder.Write("20250210000000_x_rollback.sql", "drop index s.iy;\ndrop index s.ix;\n");

        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root));

        var found = string.Join(" ", validation.Diagnostics.Select(d => $"{d.Code}({d.Location.Line},{d.Location.Column})"));
        Assert.AreEqual("MIG0303(5,1)", found);
        Assert.IsFalse(validation.HasErrors);
    }

    [TestMethod]
    public void Suppression_of_an_error_reported_at_a_token_inside_the_statement()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_x.sql", "-- migrations:disable MIG0301 the runner of this database is psql in autocommit\ncreate index concurrently ix on s.t (a);\ncreate index concurrently iy on s.t (b);\n");
        folder.Write("20250210000000_x_rollback.sql", "drop index s.iy;\ndrop index s.ix;\n");

        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root));

        Assert.AreEqual("MIG0301(3,14)", string.Join(" ", validation.Diagnostics.Select(d => $"{d.Code}({d.Location.Line},{d.Location.Column})")));
    }

    [TestMethod]
    [DataRow("samples/Billing.Database/migrations", null, "")]
    [DataRow("samples/Billing.Worker/supabase/migrations", "samples/Billing.Worker/supabase/rollbacks", "public")]
    public void Sample_migrations_have_no_safety_diagnostics(string forward, string? rollback, string exposedSchemas)
    {
        var root = FindRepositoryRoot();
        var options = new MigrationDiscoveryOptions(Path.Combine(root, forward), rollback is null ? null : Path.Combine(root, rollback));

        // Linted as their builds lint them: the Worker's supabase/ layout exposes public.
        var validation = MigrationValidator.Validate(options, SafetyLintOptions.FromExposedSchemasProperty(exposedSchemas));

        Assert.IsEmpty(validation.Diagnostics, string.Join(Environment.NewLine, validation.Diagnostics));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "samples")) && Directory.Exists(Path.Combine(directory.FullName, "docs")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with samples/ and docs/) was not found above " + AppContext.BaseDirectory);
    }
}
