using System.Text;
using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Analysis;

[TestClass]
public sealed class StatementClassifierTests
{
    /// <summary>The classification of the only statement in <paramref name="sql"/>, in a compact form a table can spell.</summary>
    private static string Describe(string sql)
    {
        var script = SqlScript.Parse(sql);
        Assert.HasCount(1, script.Statements, sql);
        return Describe(StatementClassifier.Classify(script.Statements[0]));
    }

    internal static string Describe(ClassifiedStatement statement)
    {
        var text = new StringBuilder($"{statement.Action} {statement.ObjectKind}");
        if (statement.Names.Count > 0)
        {
            text.Append(' ').Append(string.Join(",", statement.Names));
        }

        if (statement.Table is not null)
        {
            text.Append(" on ").Append(statement.Table);
        }

        Flag(statement.IsConcurrently, "concurrently");
        Flag(statement.IfExists, "if-exists");
        Flag(statement.IfNotExists, "if-not-exists");
        Flag(statement.IsOrReplace, "or-replace");
        Flag(statement.IsUnique, "unique");
        Flag(statement.IsTemporary, "temp");
        Flag(statement.IsUnlogged, "unlogged");
        Flag(statement.IsCopyTo, "copy-to");
        if (statement.RenamedTo is not null)
        {
            text.Append(" rename-to ").Append(statement.RenamedTo);
        }

        if (statement.SequenceOwner is not null)
        {
            text.Append(" owned-by ").Append(statement.SequenceOwner);
        }

        if (statement.SequenceColumns.Count > 0)
        {
            text.Append(" sequences ").Append(string.Join(",", statement.SequenceColumns));
        }

        foreach (var action in statement.AlterTableActions)
        {
            text.Append(" [").Append(action.Kind);
            if (action.ColumnName is not null)
            {
                text.Append(' ').Append(action.ColumnName);
            }

            if (action.ConstraintName is not null)
            {
                text.Append(' ').Append(action.ConstraintName);
            }

            if (action.NewName is not null)
            {
                text.Append(" to ").Append(action.NewName);
            }

            if (action.Kind == AlterTableActionKind.AddConstraint)
            {
                text.Append(' ').Append(action.ConstraintKind);
            }

            if (action.IsNotNull)
            {
                text.Append(" not-null");
            }

            if (action.HasDefault)
            {
                text.Append(" default");
            }

            if (action.IsNotValid)
            {
                text.Append(" not-valid");
            }

            if (action.CreatesSequence)
            {
                text.Append(" sequence");
            }

            text.Append(']');
        }

        return text.ToString();

        void Flag(bool value, string name)
        {
            if (value)
            {
                text.Append(' ').Append(name);
            }
        }
    }

    [TestMethod]
    [DataRow("create table billing.customers (id uuid not null, constraint customers_pkey primary key (id));", "Create Table billing.customers")]
    [DataRow("CREATE TABLE IF NOT EXISTS Invoices (id int);", "Create Table invoices if-not-exists")]
    [DataRow("create table \"Billing\".\"Invoice Lines\" (id int);", "Create Table \"Billing\".\"Invoice Lines\"")]
    [DataRow("create table \"a\"\"b\" (id int);", "Create Table \"a\"\"b\"")]
    [DataRow("create temp table scratch (id int);", "Create Table scratch temp")]
    [DataRow("create temporary table scratch as select 1;", "Create Table scratch temp")]
    [DataRow("create global temporary table scratch (id int);", "Create Table scratch temp")]
    [DataRow("create unlogged table cache (k text);", "Create Table cache unlogged")]
    [DataRow("create table measurement_y2025 partition of measurement for values from ('2025-01-01') to ('2026-01-01');", "Create Table measurement_y2025")]
    [DataRow("create index invoices_customer_id_idx on billing.invoices (customer_id);", "Create Index invoices_customer_id_idx on billing.invoices")]
    [DataRow("create unique index concurrently if not exists ux on only public.t using btree (a) where b is null;", "Create Index ux on public.t concurrently if-not-exists unique")]
    [DataRow("CREATE INDEX ON t (a);", "Create Index on t")]
    [DataRow("create index concurrently on t (a);", "Create Index on t concurrently")]
    [DataRow("create view billing.v as select 1;", "Create View billing.v")]
    [DataRow("create or replace view v as select 1;", "Create View v or-replace")]
    [DataRow("create recursive view r (n) as values (1);", "Create View r")]
    [DataRow("create materialized view if not exists mv as select 1 with no data;", "Create MaterializedView mv if-not-exists")]
    [DataRow("create or replace function billing.set_updated_at() returns trigger language plpgsql as $$ begin return new; end; $$;", "Create Function billing.set_updated_at or-replace")]
    [DataRow("create procedure p() language sql begin atomic select 1; end;", "Create Procedure p")]
    [DataRow("create trigger customers_set_updated_at before update of email on billing.customers for each row execute function billing.set_updated_at();", "Create Trigger customers_set_updated_at on billing.customers")]
    [DataRow("create constraint trigger ct after insert on t deferrable for each row execute function f();", "Create Trigger ct on t")]
    [DataRow("create or replace trigger tr after delete on t for each row execute function f();", "Create Trigger tr on t or-replace")]
    [DataRow("create event trigger log_ddl on ddl_command_end execute function log_ddl();", "Create Trigger log_ddl")]
    [DataRow("create type billing.invoice_status as enum ('draft', 'open');", "Create Type billing.invoice_status")]
    [DataRow("create domain email as text check (value ~ '@');", "Create Domain email")]
    [DataRow("create sequence if not exists s start 1;", "Create Sequence s if-not-exists")]
    [DataRow("create sequence s.q as int start 1 owned by s.t.\"Id\";", "Create Sequence s.q owned-by s.t.\"Id\"")]
    [DataRow("create table t (a serial primary key, b bigserial, c int generated always as identity (start 10), d int generated always as (a + 1) stored, e int);",
        "Create Table t sequences a,b,c")]
    [DataRow("create schema billing;", "Create Schema billing")]
    [DataRow("create schema if not exists authorization app;", "Create Schema app if-not-exists")]
    [DataRow("create extension if not exists pgcrypto with schema extensions;", "Create Extension pgcrypto if-not-exists")]
    [DataRow("create policy customers_select_own on billing.customers for select to authenticated using (user_id = (select auth.uid()));", "Create Policy customers_select_own on billing.customers")]
    [DataRow("create publication pub for table t;", "Create Publication pub")]
    [DataRow("create database shop;", "Create Database shop")]
    [DataRow("create role app login;", "Create Other")]
    [DataRow("create trusted procedural language plpgsql2;", "Create Other")]
    public void Create_statements(string sql, string expected) => Assert.AreEqual(expected, Describe(sql));

    [TestMethod]
    [DataRow("drop table billing.customers;", "Drop Table billing.customers")]
    [DataRow("DROP TABLE IF EXISTS a, b.c CASCADE;", "Drop Table a,b.c if-exists")]
    [DataRow("drop index concurrently if exists billing.ix;", "Drop Index billing.ix concurrently if-exists")]
    [DataRow("drop materialized view mv;", "Drop MaterializedView mv")]
    [DataRow("drop function if exists f(int, text), g();", "Drop Function f,g if-exists")]
    [DataRow("drop trigger if exists tr on billing.t;", "Drop Trigger tr on billing.t if-exists")]
    [DataRow("drop policy p on t;", "Drop Policy p on t")]
    [DataRow("drop type billing.invoice_status;", "Drop Type billing.invoice_status")]
    [DataRow("drop schema billing cascade;", "Drop Schema billing")]
    [DataRow("drop extension pgcrypto;", "Drop Extension pgcrypto")]
    [DataRow("drop owned by app;", "Drop Other")]
    [DataRow("drop database shop;", "Drop Database shop")]
    public void Drop_statements(string sql, string expected) => Assert.AreEqual(expected, Describe(sql));

    [TestMethod]
    [DataRow("alter table billing.invoices add column amount_tax bigint not null default 0;", "Alter Table billing.invoices [AddColumn amount_tax not-null default]")]
    [DataRow("alter table t add c int not null;", "Alter Table t [AddColumn c not-null]")]
    [DataRow("alter table t add column if not exists c numeric(10, 2);", "Alter Table t [AddColumn c]")]
    [DataRow("alter table t add column c int default null not null;", "Alter Table t [AddColumn c not-null]")]
    [DataRow("alter table t add column c int check (c is not null);", "Alter Table t [AddColumn c]")]
    [DataRow("alter table t add column id bigint generated always as identity not null;", "Alter Table t [AddColumn id not-null default sequence]")]
    [DataRow("alter table t add column id bigint primary key;", "Alter Table t [AddColumn id not-null]")]
    [DataRow("alter table \"T\" add column \"Amount\" int;", "Alter Table \"T\" [AddColumn Amount]")]
    [DataRow("alter table if exists only t drop column if exists c cascade;", "Alter Table t if-exists [DropColumn c]")]
    [DataRow("alter table t drop c;", "Alter Table t [DropColumn c]")]
    [DataRow("alter table t drop constraint if exists t_c_check;", "Alter Table t [DropConstraint t_c_check]")]
    [DataRow("alter table t alter column c type bigint;", "Alter Table t [AlterColumnType c]")]
    [DataRow("alter table t alter c set data type text using c::text;", "Alter Table t [AlterColumnType c]")]
    [DataRow("alter table t alter column c set not null;", "Alter Table t [SetNotNull c]")]
    [DataRow("alter table t alter column c set default 0, alter column d drop default;", "Alter Table t [Other c] [Other d]")]
    [DataRow("alter table t add constraint t_fk foreign key (a) references u (id) not valid;", "Alter Table t [AddConstraint t_fk ForeignKey not-valid]")]
    [DataRow("alter table t add constraint t_check check (a > 0);", "Alter Table t [AddConstraint t_check Check]")]
    [DataRow("alter table t add check (a > 0) not valid;", "Alter Table t [AddConstraint Check not-valid]")]
    [DataRow("alter table t add foreign key (a) references u;", "Alter Table t [AddConstraint ForeignKey]")]
    [DataRow("alter table t add primary key (id);", "Alter Table t [AddConstraint PrimaryKey]")]
    [DataRow("alter table t add constraint t_u unique using index t_u_idx;", "Alter Table t [AddConstraint t_u Unique]")]
    [DataRow("alter table t add constraint t_x exclude using gist (r with &&);", "Alter Table t [AddConstraint t_x Exclude]")]
    [DataRow("alter table t validate constraint t_fk;", "Alter Table t [ValidateConstraint t_fk]")]
    [DataRow("alter table billing.customers enable row level security;", "Alter Table billing.customers [EnableRls]")]
    [DataRow("alter table t disable row level security;", "Alter Table t [DisableRls]")]
    [DataRow("alter table t force row level security;", "Alter Table t [ForceRls]")]
    [DataRow("alter table t rename to u;", "Alter Table t [RenameTable to u]")]
    [DataRow("alter table t rename column a to b;", "Alter Table t [RenameColumn a to b]")]
    [DataRow("alter table t rename a to \"B\";", "Alter Table t [RenameColumn a to B]")]
    [DataRow("alter table t rename constraint a to b;", "Alter Table t [RenameConstraint a to b]")]
    [DataRow("alter table t owner to app;", "Alter Table t [Other]")]
    [DataRow("alter table t set schema archive;", "Alter Table t [Other]")]
    [DataRow("alter table t add column a int, add column b int not null default 1, drop column c;", "Alter Table t [AddColumn a] [AddColumn b not-null default] [DropColumn c]")]
    [DataRow("alter table all in tablespace a set tablespace b;", "Alter Table")]
    [DataRow("alter index ix rename to iy;", "Alter Index ix rename-to iy")]
    [DataRow("alter index if exists s.ix rename to \"Iy\";", "Alter Index s.ix if-exists rename-to Iy")]
    [DataRow("alter materialized view s.mv rename to mw;", "Alter MaterializedView s.mv rename-to mw")]
    [DataRow("alter type s.e rename to f;", "Alter Type s.e rename-to f")]
    [DataRow("alter type s.e rename value 'a' to 'b';", "Alter Type s.e")]
    [DataRow("alter trigger tr on s.t rename to tr2;", "Alter Trigger tr on s.t rename-to tr2")]
    [DataRow("alter sequence s.q increment by 2 owned by s.t.id;", "Alter Sequence s.q owned-by s.t.id")]
    [DataRow("alter sequence s.q owned by none;", "Alter Sequence s.q owned-by none")]
    [DataRow("alter table t add column a serial, add column b int generated by default as identity, add column c int generated always as (1) stored;",
        "Alter Table t [AddColumn a sequence] [AddColumn b default sequence] [AddColumn c default]")]
    [DataRow("alter type billing.invoice_status add value 'refunded';", "Alter Type billing.invoice_status")]
    [DataRow("alter policy p on t using (true);", "Alter Policy p on t")]
    [DataRow("alter default privileges in schema s grant select on tables to r;", "Alter Other")]
    [DataRow("alter system set work_mem = '64MB';", "Alter Other")]
    public void Alter_statements(string sql, string expected) => Assert.AreEqual(expected, Describe(sql));

    [TestMethod]
    [DataRow("comment on table billing.customers is 'x';", "Comment Table billing.customers")]
    [DataRow("comment on column billing.customers.user_id is 'x';", "Comment Column billing.customers.user_id")]
    [DataRow("comment on function billing.set_updated_at() is 'x';", "Comment Function billing.set_updated_at")]
    [DataRow("comment on policy p on t is 'x';", "Comment Policy p on t")]
    [DataRow("comment on constraint c on billing.t is 'x';", "Comment Constraint c on billing.t")]
    [DataRow("comment on role app is 'x';", "Comment Other")]
    [DataRow("grant select on billing.customers, billing.invoices to authenticated;", "Grant Table billing.customers,billing.invoices")]
    [DataRow("grant usage on schema billing to authenticated, service_role;", "Grant Schema billing")]
    [DataRow("grant execute on function f(int) to app;", "Grant Function f")]
    [DataRow("grant select on all tables in schema billing to app;", "Grant Table")]
    [DataRow("grant app to bob;", "Grant Other")]
    [DataRow("revoke all on table t from public;", "Revoke Table t")]
    [DataRow("insert into billing.plans (id) values (1);", "Insert Table billing.plans")]
    [DataRow("update only t set a = 1;", "Update Table t")]
    [DataRow("delete from t where a = 1;", "Delete Table t")]
    [DataRow("merge into t using s on t.id = s.id when matched then do nothing;", "Merge Table t")]
    [DataRow("copy t (a, b) from stdin;", "Copy Table t")]
    [DataRow("copy (select 1) to stdout;", "Copy Other copy-to")]
    [DataRow("copy billing.t to stdout with (format csv);", "Copy Table billing.t copy-to")]
    [DataRow("copy t (a, b) to '/tmp/t.csv';", "Copy Table t copy-to")]
    [DataRow("truncate table only a, b *, c;", "Truncate Table a,b,c")]
    [DataRow("with moved as (delete from a returning *) insert into b select * from moved;", "Insert Table b")]
    [DataRow("with x as materialized (select 1) select * from x;", "Other Other")]
    [DataRow("begin;", "TransactionControl Other")]
    [DataRow("start transaction isolation level serializable;", "TransactionControl Other")]
    [DataRow("commit;", "TransactionControl Other")]
    [DataRow("end;", "TransactionControl Other")]
    [DataRow("rollback;", "TransactionControl Other")]
    [DataRow("abort;", "TransactionControl Other")]
    [DataRow("savepoint s;", "TransactionControl Other")]
    [DataRow("prepare transaction 'tx1';", "TransactionControl Other")]
    [DataRow("prepare q (int) as select $1;", "Other Other")]
    [DataRow("set local lock_timeout = '5s';", "Set Other")]
    [DataRow("reset role;", "Set Other")]
    [DataRow("reindex index concurrently billing.ix;", "Reindex Index billing.ix concurrently")]
    [DataRow("reindex (verbose, concurrently) table t;", "Reindex Table t concurrently")]
    [DataRow("refresh materialized view concurrently mv;", "Refresh MaterializedView mv concurrently")]
    [DataRow("select 1;", "Other Other")]
    [DataRow("do $$ begin perform 1; end $$;", "Other Other")]
    [DataRow("vacuum analyze t;", "Other Other")]
    [DataRow("(select 1);", "Other Other")]
    [DataRow("create", "Create Other")]
    [DataRow("alter table", "Alter Table")]
    [DataRow("create index on", "Create Index")]
    public void Other_statements(string sql, string expected) => Assert.AreEqual(expected, Describe(sql));

    [TestMethod]
    [DataRow("set search_path to billing, public;", "billing|public")]
    [DataRow("SET LOCAL search_path = \"Billing\", '$user';", "Billing|$user")]
    [DataRow("set session search_path to default;", "$user|public")]
    [DataRow("set search_path = '';", "")]
    [DataRow("set lock_timeout = '5s';", null)]
    [DataRow("reset search_path;", null)]
    public void Search_path(string sql, string? expected)
    {
        var statement = StatementClassifier.Classify(SqlScript.Parse(sql).Statements[0]);
        Assert.AreEqual(StatementAction.Set, statement.Action);
        Assert.AreEqual(expected, statement.SearchPath is null ? null : string.Join("|", statement.SearchPath));
    }

    [TestMethod]
    public void Positions_point_at_the_words_a_diagnostic_needs()
    {
        var script = SqlScript.Parse("create index\n  concurrently ix on t (a);\nalter table t\n  add column c int not null,\n  alter column d type text;");
        var index = StatementClassifier.Classify(script.Statements[0]);
        Assert.AreEqual((2, 3), (index.ConcurrentlyToken!.Value.Line, index.ConcurrentlyToken.Value.Column));
        Assert.AreEqual((2, 16), (index.NameToken!.Value.Line, index.NameToken.Value.Column));

        var alter = StatementClassifier.Classify(script.Statements[1]);
        Assert.AreEqual((4, 20), (alter.AlterTableActions[0].Token.Line, alter.AlterTableActions[0].Token.Column));
        Assert.AreEqual((5, 18), (alter.AlterTableActions[1].Token.Line, alter.AlterTableActions[1].Token.Column));
    }

    [TestMethod]
    public void Every_statement_of_the_corpus_classifies_without_throwing()
    {
        var corpus = Path.Combine(AppContext.BaseDirectory, "Sql", "Corpus");
        var files = Directory.GetFiles(corpus, "*.sql");
        Assert.IsNotEmpty(files);
        foreach (var file in files)
        {
            foreach (var statement in SqlScript.Parse(File.ReadAllText(file)).Statements)
            {
                Assert.IsNotNull(StatementClassifier.Classify(statement));
            }
        }
    }

    [TestMethod]
    [DataRow("alter type mood add value 'meh';", true)]
    [DataRow("ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'bad';", true)]
    [DataRow("alter type mood rename value 'meh' to 'so-so';", false)]
    [DataRow("alter type mood rename to mood_old;", false)]
    [DataRow("alter type address add attribute zip text;", false)]
    [DataRow("alter table t add column value text;", false)]
    public void Adding_an_enum_value_is_recognised(string sql, bool addsEnumValue) =>
        Assert.AreEqual(addsEnumValue, StatementClassifier.Classify(SqlScript.Parse(sql).Statements[0]).AddsEnumValue, sql);
}
