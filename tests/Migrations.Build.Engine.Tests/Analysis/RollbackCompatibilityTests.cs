using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Sql;
using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Analysis;

[TestClass]
public sealed partial class RollbackCompatibilityTests
{
    private const string ForwardPath = "migrations/20250210000000_x.sql";
    private const string RollbackPath = "migrations/20250210000000_x_rollback.sql";

    private static MigrationPair Pair(string forward, string rollback)
    {
        var name = new MigrationFileName("20250210000000", "x", new DateTime(2025, 2, 10, 0, 0, 0, DateTimeKind.Utc));
        var rollbackScript = SqlScript.Parse(rollback);
        return new MigrationPair(
            "20250210000000",
            "x",
            new MigrationFile(ForwardPath, name, MigrationRole.Forward, null, SqlScript.Parse(forward)),
            new MigrationFile(RollbackPath, name, MigrationRole.Rollback, null, rollbackScript),
            rollbackScript.HasFileDirective(SqlDirectiveKind.Irreversible));
    }

    /// <summary>Each diagnostic as F: (forward) or R: (rollback), code and position.</summary>
    private static string Check(string forward, string rollback) =>
        string.Join(" ", RollbackCompatibility.Check(Pair(forward, rollback)).Select(d =>
            $"{(d.Location.FilePath == ForwardPath ? "F" : "R")}:{d.Code}({d.Location.Line},{d.Location.Column})"));

    private static string Message(string forward, string rollback) => RollbackCompatibility.Check(Pair(forward, rollback)).Single().Message;

    [TestMethod]
    [DataRow("create table s.t (id int);", "drop table s.t;")]
    [DataRow("create table if not exists t (id int);", "drop table public.t;")]
    [DataRow("create table \"T\" (id int);", "drop table if exists \"T\";")]
    [DataRow("set search_path to billing;\ncreate table t (id int);", "drop table billing.t;")]
    [DataRow("create table s.t (id int);", "set search_path = s, public;\ndrop table t;")]
    [DataRow("alter table s.t add column c int;", "alter table s.t drop column c;")]
    [DataRow("alter table s.t add column if not exists c int, add column d text;", "alter table s.t drop column d, drop column if exists c;")]
    [DataRow("create index ix on s.t (a);", "drop index s.ix;")]
    [DataRow("create unique index if not exists ix on s.t (a);", "drop index if exists s.ix;")]
    [DataRow("create index on s.t (a);", "drop index s.t_a_idx;")]
    [DataRow("create view s.v as select 1;", "drop view s.v;")]
    [DataRow("create materialized view s.mv as select 1 with no data;", "drop materialized view s.mv;")]
    [DataRow("create function s.f(a int, b text default 'x') returns int language sql as $$ select a $$;", "drop function s.f(integer, text);")]
    [DataRow("create function s.f(in p_at timestamptz, out n int8) returns bigint language sql as $$ select 1 $$;", "drop function s.f(timestamp with time zone);")]
    [DataRow("create function s.f(varchar(10), bool) returns int language sql as $$ select 1 $$;", "drop function s.f(character varying, boolean);")]
    [DataRow("create function s.f(int[]) returns int language sql as $$ select 1 $$;", "drop function s.f(int4[]);")]
    [DataRow("create function s.f() returns int language sql as $$ select 1 $$;", "drop function s.f;")]
    [DataRow("create procedure s.p(x double precision) language sql as $$ select 1 $$;", "drop procedure s.p(float8);")]
    [DataRow("create or replace function s.f() returns int language sql as $$ select 2 $$;", "create or replace function s.f() returns int language sql as $$ select 1 $$;")]
    [DataRow("create or replace view s.v as select 2 as a;", "create or replace view s.v as select 1 as a;")]
    [DataRow("create trigger tr before update on s.t for each row execute function s.f();", "drop trigger tr on s.t;")]
    [DataRow("create event trigger et on ddl_command_start execute function s.f();", "drop event trigger et;")]
    [DataRow("create type s.status as enum ('a');", "drop type s.status;")]
    [DataRow("create domain s.email as text;", "drop domain s.email;")]
    [DataRow("create sequence s.seq;", "drop sequence s.seq;")]
    [DataRow("create schema if not exists s;", "drop schema s;")]
    [DataRow("create extension if not exists pgcrypto with schema extensions;", "drop extension pgcrypto;")]
    [DataRow("create policy \"Own rows\" on s.t for select using (true);", "drop policy \"Own rows\" on s.t;")]
    [DataRow("alter table s.t add constraint t_a_check check (a > 0) not valid;", "alter table s.t drop constraint t_a_check;")]
    [DataRow("alter table s.t add check (a > 0) not valid;", "alter table s.t drop constraint t_a_check;")]
    [DataRow("alter table s.t enable row level security;", "alter table s.t disable row level security;")]
    [DataRow("create table s.tmp (id int);\ndrop table s.tmp;", "select 1;")]
    [DataRow("create temp table scratch (id int);", "select 1;")]
    public void Objects_the_rollback_removes_by_name_are_paired(string forward, string rollback) =>
        Assert.AreEqual(string.Empty, Check(forward, rollback));

    [TestMethod]
    [DataRow("create table s.t (id int);\ncreate index ix on s.t (id);\ncreate trigger tr before update on s.t for each row execute function s.f();\n"
        + "create policy p on s.t using (true);\nalter table s.t enable row level security, add column c int, add constraint t_c_key unique (c);", "drop table s.t;")]
    [DataRow("create schema s;\ncreate table s.t (id int);\ncreate function s.f() returns int language sql as $$ select 1 $$;", "drop schema s cascade;")]
    [DataRow("create type s.status as enum ('a');\nalter table s.t add column st s.status;", "drop type s.status cascade;")]
    [DataRow("create function s.f() returns trigger language plpgsql as $$ begin return new; end $$;\ncreate trigger tr before update on s.t for each row execute function s.f();", "drop function s.f() cascade;")]
    [DataRow("alter table s.t add column c int;\nalter table s.t add constraint t_c_check check (c > 0);\ncreate index t_c_idx on s.t (c);", "alter table s.t drop column c;")]
    [DataRow("create materialized view s.mv as select 1 as a;\ncreate unique index mv_a on s.mv (a);", "drop materialized view s.mv;")]
    [DataRow("create table s.e (id int) partition by range (id);\ncreate table s.e1 partition of s.e for values from (1) to (2);\ncreate index e1_id on s.e1 (id);", "drop table s.e;")]
    [DataRow("create schema s;\ncreate table s.t (id int);", "drop schema if exists s cascade;")]
    public void Objects_removed_with_their_container_are_paired(string forward, string rollback) =>
        Assert.AreEqual(string.Empty, Check(forward, rollback));

    [TestMethod]
    [DataRow("create table s.t (id int);", "select 1;", "F:MIG0201(1,14)")]
    [DataRow("select 1;\n  create table if not exists s.t (id int);", "select 1;", "F:MIG0201(2,30)")]
    [DataRow("alter table s.t\n  add column c int not null default 0;", "select 1;", "F:MIG0201(2,14)")]
    [DataRow("create index ix on s.t (a);", "drop index s.iy;", "F:MIG0201(1,14) R:MIG0202(1,12)")]
    [DataRow("create index on s.t (a);", "select 1;", "F:MIG0201(1,1)")]
    [DataRow("create function s.f(int) returns int language sql as $$ select 1 $$;", "drop function s.f(text);", "F:MIG0201(1,17) R:MIG0202(1,15)")]
    [DataRow("create or replace function s.f() returns int language sql as $$ select 2 $$;", "select 1;", "F:MIG0201(1,28)")]
    [DataRow("create trigger tr before update on s.t for each row execute function s.f();", "drop trigger tr on s.u;", "F:MIG0201(1,16) R:MIG0202(1,14)")]
    [DataRow("create policy p on s.t using (true);", "select 1;", "F:MIG0201(1,15)")]
    [DataRow("alter table s.t add constraint t_a_fkey foreign key (a) references s.u (id) not valid;", "select 1;", "F:MIG0201(1,32)")]
    [DataRow("alter table s.t enable row level security;", "select 1;", "F:MIG0201(1,17)")]
    [DataRow("create schema s;", "drop schema s2;", "F:MIG0201(1,15) R:MIG0202(1,13)")]
    [DataRow("create extension pgcrypto;", "select 1;", "F:MIG0201(1,18)")]
    [DataRow("create type s.a as enum ('x');\ncreate domain s.d as text;\ncreate sequence s.q;\ncreate view s.v as select 1;", "select 1;",
        "F:MIG0201(1,13) F:MIG0201(2,15) F:MIG0201(3,17) F:MIG0201(4,13)")]
    [DataRow("create table s.t (id int);\ncreate index ix on s.t (id);\nalter table s.t enable row level security;", "select 1;", "F:MIG0201(1,14)")]
    [DataRow("create schema s;\ncreate table s.t (id int);", "drop schema s;", "F:MIG0201(2,14) R:MIG0203(1,13)")]
    [DataRow("create table s.e (id int) partition by range (id);\ncreate table s.e1 partition of s.e for values from (1) to (2);", "select 1;", "F:MIG0201(1,14)")]
    [DataRow("create table s.e (id int) partition by range (id);\ncreate table s.e1 partition of s.e for values from (1) to (2);", "drop table s.e1;", "F:MIG0201(1,14)")]
    public void MIG0201_object_created_by_the_forward_not_removed(string forward, string rollback, string expected) =>
        Assert.AreEqual(expected, Check(forward, rollback));

    [TestMethod]
    [DataRow("select 1;", "drop table s.legacy;", "R:MIG0202(1,12)")]
    [DataRow("select 1;", "select 1;\n  drop table if exists s.a, s.b;", "R:MIG0202(2,24) R:MIG0202(2,29)")]
    [DataRow("select 1;", "alter table s.t drop column c;", "R:MIG0202(1,17)")]
    [DataRow("select 1;", "alter table s.t drop constraint t_check;", "R:MIG0202(1,17)")]
    [DataRow("select 1;", "alter table s.t disable row level security;", "R:MIG0202(1,17)")]
    [DataRow("select 1;", "drop index s.ix;\ndrop function s.f(int);\ndrop policy p on s.t;\ndrop extension pgcrypto;",
        "R:MIG0202(1,12) R:MIG0202(2,15) R:MIG0202(3,13) R:MIG0202(4,16)")]
    public void MIG0202_rollback_drops_an_object_the_forward_did_not_create(string forward, string rollback, string expected) =>
        Assert.AreEqual(expected, Check(forward, rollback));

    [TestMethod]
    [DataRow("create table s.t (id int);", "alter table s.t drop constraint t_pkey;\nalter table s.t drop column id;\ndrop table s.t;")]
    [DataRow("create schema s;\ncreate table s.t (id int);", "drop table s.t;\ndrop index s.whatever;\ndrop schema s;")]
    [DataRow("alter table s.t add column c int unique;", "alter table s.t drop constraint t_c_key;\nalter table s.t drop column c;")]
    [DataRow("drop function s.f(int);\ncreate function s.f(int, text) returns int language sql as $$ select 1 $$;",
        "drop function s.f(int, text);\ndrop function if exists s.f(int);\ncreate function s.f(int) returns int language sql as $$ select 1 $$;")]
    [DataRow("alter view s.v rename column a to b;", "drop view s.v;\ncreate view s.v as select 1 as a;")]
    public void MIG0202_is_quiet_for_drops_that_belong_to_the_forward_or_restore_an_object(string forward, string rollback) =>
        Assert.AreEqual(string.Empty, Check(forward, rollback));

    [TestMethod]
    [DataRow("create table s.a (id int primary key);\ncreate table s.b (a_id int references s.a (id));", "drop table s.a;\ndrop table s.b;", "R:MIG0203(1,12)")]
    [DataRow("create table s.a (id int primary key);\ncreate table s.b (a_id int, constraint b_fk foreign key (a_id) references s.a);", "drop table s.a;\ndrop table s.b;", "R:MIG0203(1,12)")]
    [DataRow("create table s.a (id int primary key);\nalter table s.old add constraint old_a_fk foreign key (a) references s.a (id) not valid;",
        "drop table s.a;\nalter table s.old drop constraint old_a_fk;", "R:MIG0203(1,12)")]
    [DataRow("create table s.a (id int);\ncreate view s.v as select id from s.a;", "drop table s.a;\ndrop view s.v;", "R:MIG0203(1,12)")]
    [DataRow("create function s.f() returns trigger language plpgsql as $$ begin return new; end $$;\ncreate trigger tr before update on s.t for each row execute function s.f();",
        "drop function s.f();\ndrop trigger tr on s.t;", "R:MIG0203(1,15)")]
    [DataRow("create type s.status as enum ('a');\ncreate table s.t (st s.status);", "drop type s.status;\ndrop table s.t;", "R:MIG0203(1,11)")]
    [DataRow("create schema s;\ncreate table s.t (id int);", "drop schema s;\ndrop table s.t;", "R:MIG0203(1,13)")]
    [DataRow("create table s.t (id int);\ncreate index ix on s.t (id);", "drop table s.t;\ndrop index s.ix;", "R:MIG0203(2,12)")]
    public void MIG0203_rollback_drops_in_an_order_dependencies_forbid(string forward, string rollback, string expected) =>
        Assert.AreEqual(expected, Check(forward, rollback));

    [TestMethod]
    [DataRow("create table s.a (id int primary key);\ncreate table s.b (a_id int references s.a (id));", "drop table s.b;\ndrop table s.a;")]
    [DataRow("create table s.a (id int primary key);\ncreate table s.b (a_id int references s.a (id));", "drop table s.a, s.b;")]
    [DataRow("create table s.a (id int primary key);\ncreate table s.b (a_id int references s.a (id));", "drop table s.a cascade;\ndrop table s.b;")]
    [DataRow("create table s.a (id int);\ncreate view s.v as select id from s.a;", "drop view s.v;\ndrop table s.a;")]
    [DataRow("create type s.status as enum ('a');\ncreate table s.t (st s.status);", "drop table s.t;\ndrop type s.status;")]
    [DataRow("create schema s;\ncreate table s.t (id int);", "drop table s.t;\ndrop schema s;")]
    [DataRow("create table s.t (id int);\ncreate index ix on s.t (id);", "drop index s.ix;\ndrop table s.t;")]
    [DataRow("create table s.t (id int);\ncreate index ix on s.t (id);", "drop table s.t;\ndrop index if exists s.ix;")]
    [DataRow("create table s.a (id int primary key);\ncreate table s.b (id int primary key, parent int references s.b (id));", "drop table s.b;\ndrop table s.a;")]
    public void MIG0203_is_quiet_for_a_workable_order(string forward, string rollback) =>
        Assert.AreEqual(string.Empty, Check(forward, rollback));

    [TestMethod]
    public void An_irreversible_or_empty_rollback_is_not_paired()
    {
        Assert.AreEqual(string.Empty, Check("create table s.t (id int);", "-- migrations:irreversible\n"));
        Assert.AreEqual(string.Empty, Check("create table s.t (id int);", "-- nothing yet\n"));
    }

    [TestMethod]
    [DataRow("create table billing.invoices (id int);", "select 1;",
        "The forward creates table billing.invoices, but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: drop table billing.invoices;")]
    [DataRow("create index invoices_customer_idx on billing.invoices (customer_id);", "select 1;",
        "The forward creates index billing.invoices_customer_idx, but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: drop index billing.invoices_customer_idx;")]
    [DataRow("create or replace function billing.set_updated_at() returns trigger language plpgsql as $$ begin return new; end $$;", "select 1;",
        "The forward creates function billing.set_updated_at(), but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: drop function billing.set_updated_at(); (or, if it replaced an existing function, have the rollback re-create the previous definition with create or replace)")]
    [DataRow("create policy customers_select_own on billing.customers for select using (true);", "select 1;",
        "The forward creates policy \"customers_select_own\" on billing.customers, but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: drop policy \"customers_select_own\" on billing.customers;")]
    [DataRow("alter table billing.customers enable row level security;", "select 1;",
        "The forward enables row level security on billing.customers, but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: alter table billing.customers disable row level security;")]
    [DataRow("alter table billing.invoices add column \"Memo\" text;", "select 1;",
        "The forward adds column billing.invoices.\"Memo\", but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: alter table billing.invoices drop column \"Memo\";")]
    [DataRow("create function f(p_id int, p_note varchar(20) default null) returns int language sql as $$ select 1 $$;", "select 1;",
        "The forward creates function f(integer, character varying), but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: drop function f(integer, character varying);")]
    [DataRow("create trigger invoices_touch before update on billing.invoices for each row execute function billing.touch();", "select 1;",
        "The forward creates trigger invoices_touch on billing.invoices, but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: drop trigger invoices_touch on billing.invoices;")]
    [DataRow("select 1;", "drop table billing.legacy;",
        "The rollback drops table billing.legacy, which the forward does not create, so rolling back would destroy an object that existed before the migration; remove the statement, or, if the forward does create it, spell its name the same way in both files.")]
    [DataRow("select 1;", "drop table if exists billing.legacy;",
        "The rollback drops table billing.legacy, which the forward does not create, so rolling back would destroy an object that existed before the migration (IF EXISTS only helps when it is absent, not when it exists); remove the statement, or, if the forward does create it, spell its name the same way in both files.")]
    [DataRow("select 1;", "alter table billing.customers disable row level security;",
        "The rollback disables row level security on billing.customers, which the forward does not enable, so rolling back would expose every row of a table that was protected before the migration; remove the statement.")]
    [DataRow("create table billing.customers (id int primary key);\ncreate table billing.invoices (customer_id int references billing.customers (id));",
        "drop table billing.customers;\ndrop table billing.invoices;",
        "Dropping table billing.customers here fails: table billing.invoices, whose foreign key references it, is still there, and PostgreSQL refuses to drop an object others depend on (without CASCADE), so the rollback stops at this statement; move this statement after line 2, where it is removed.")]
    [DataRow("create function billing.touch() returns trigger language plpgsql as $$ begin return new; end $$;\ncreate trigger touch before update on billing.invoices for each row execute function billing.touch();",
        "drop function billing.touch();",
        "Dropping function billing.touch() here fails: trigger touch on billing.invoices, which executes it, is still there, and PostgreSQL refuses to drop an object others depend on (without CASCADE), so the rollback stops at this statement; remove it first: drop trigger touch on billing.invoices;")]
    [DataRow("create table billing.t (id int);\ncreate index t_id_idx on billing.t (id);", "drop table billing.t;\ndrop index billing.t_id_idx;",
        "Index billing.t_id_idx was already removed at line 1 (with table billing.t), so this drop fails on an object that no longer exists and the rollback stops here; move it before line 1, or remove it.")]
    public void Messages_name_the_object_and_the_statement_to_add(string forward, string rollback, string expected)
    {
        var diagnostics = RollbackCompatibility.Check(Pair(forward, rollback));
        Assert.AreEqual(expected, diagnostics.Single(d => d.Code != "MIG0201" || !rollback.Contains("drop", StringComparison.Ordinal)).Message);
    }

    [TestMethod]
    public void MigrationValidator_applies_each_files_own_directives()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_x.sql",
            "create schema s;\n"
            + "-- migrations:disable MIG0201 the shared helper stays for the next migration\n"
            + "create function app.helper() returns int language sql as $$ select 1 $$;\n"
            + "create table s.kept (id int);\n");
        folder.Write("20250210000000_x_rollback.sql",
            "-- migrations:disable MIG0202 restored by hand from the nightly dump\n"
            + "drop table app.legacy;\n"
            + "drop table app.other;\n"
            + "drop schema s cascade;\n");

        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root));

        var found = validation.Diagnostics.Select(d => $"{Path.GetFileName(d.Location.FilePath)}:{d.Code}({d.Location.Line},{d.Location.Column})");
        Assert.AreEqual("20250210000000_x_rollback.sql:MIG0202(3,12)", string.Join(" ", found));
        Assert.IsFalse(validation.HasErrors);
    }

    [TestMethod]
    public void MigrationValidator_honours_disable_file_in_the_rollback_and_skips_irreversible_pairs()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_x.sql", "-- migrations:disable-file MIG0201 objects stay on purpose\ncreate table s.t (id int);\ncreate table s.u (id int);\n");
        folder.Write("20250210000000_x_rollback.sql", "-- migrations:disable-file MIG0202,MIG0203 cleanup of an older release\ndrop table s.legacy;\n");
        folder.Write("20250211000000_y.sql", "create table s.v (id int);\n");
        folder.Write("20250211000000_y_rollback.sql", "-- migrations:irreversible\n");

        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root));

        Assert.IsEmpty(validation.Diagnostics, string.Join(Environment.NewLine, validation.Diagnostics));
    }

    [TestMethod]
    [DataRow("samples/Billing.Database/migrations", null)]
    [DataRow("samples/Billing.Worker/supabase/migrations", "samples/Billing.Worker/supabase/rollbacks")]
    public void Sample_rollbacks_undo_their_forwards(string forward, string? rollback)
    {
        var root = FindRepositoryRoot();
        var options = new MigrationDiscoveryOptions(System.IO.Path.Combine(root, forward), rollback is null ? null : System.IO.Path.Combine(root, rollback));
        var set = MigrationDiscovery.Discover(options);

        var diagnostics = set.Pairs.SelectMany(RollbackCompatibility.Check).ToList();

        Assert.IsNotEmpty(set.Pairs);
        Assert.IsEmpty(diagnostics, string.Join(Environment.NewLine, diagnostics));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(directory.FullName, "samples")) && Directory.Exists(System.IO.Path.Combine(directory.FullName, "docs")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with samples/ and docs/) was not found above " + AppContext.BaseDirectory);
    }
}
