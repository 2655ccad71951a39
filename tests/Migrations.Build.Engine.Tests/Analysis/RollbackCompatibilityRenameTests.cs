using Migrations.Build.Engine.Analysis;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// Renames, replacements, swaps and owned sequences: the shapes real histories pair exactly (TestMigration's replay
/// proves them; <c>RollbackShapeProofTests</c> in the database tests runs each minimal example), and the variations
/// that really are wrong, which keep their warning.
/// </summary>
public sealed partial class RollbackCompatibilityTests
{
    private const string TypeSwapForward =
        "create type s.status_new as enum ('a', 'b');\n"
        + "alter table s.t alter column st type s.status_new using st::text::s.status_new;\n"
        + "drop type s.status;\n"
        + "alter type s.status_new rename to status;";

    private const string TypeSwapRollback =
        "create type s.status_old as enum ('a');\n"
        + "alter table s.t alter column st type s.status_old using st::text::s.status_old;\n"
        + "drop type s.status;\n"
        + "alter type s.status_old rename to status;";

    private const string ColumnSwapForward =
        "alter table s.t add column x_new bigint;\n"
        + "update s.t set x_new = x;\n"
        + "alter table s.t drop column x;\n"
        + "alter table s.t rename column x_new to x;";

    private const string ColumnSwapRollback =
        "alter table s.t add column x_old int;\n"
        + "update s.t set x_old = x;\n"
        + "alter table s.t drop column x;\n"
        + "alter table s.t rename column x_old to x;";

    [TestMethod]
    [DataRow("create table s.a (id int);\nalter table s.a rename to b;", "drop table s.b;")]
    [DataRow("create table s.\"A\" (id int);\nalter table if exists s.\"A\" rename to \"B\";", "drop table s.\"B\";")]
    [DataRow("set search_path to s;\ncreate table a (id int);\nalter table a rename to b;", "drop table s.b;")]
    [DataRow("create table s.a (id int);\nalter table s.a rename to b;\nalter table s.b rename to c;", "drop table s.c;")]
    [DataRow("alter table s.t add column a int;\nalter table s.t rename column a to b;", "alter table s.t drop column b;")]
    [DataRow("alter table s.t add column a int;\nalter table s.t rename a to \"B\";", "alter table s.t drop column \"B\";")]
    [DataRow("alter table s.t add constraint c1 check (a > 0) not valid;\nalter table s.t rename constraint c1 to c2;", "alter table s.t drop constraint c2;")]
    [DataRow("create index ix on s.t (a);\nalter index if exists s.ix rename to iy;", "drop index s.iy;")]
    [DataRow("create view s.v as select 1;\nalter view s.v rename to w;", "drop view s.w;")]
    [DataRow("create materialized view s.mv as select 1;\nalter materialized view s.mv rename to mw;", "drop materialized view s.mw;")]
    [DataRow("create sequence s.q;\nalter sequence s.q rename to r;", "drop sequence s.r;")]
    [DataRow("create type s.e as enum ('a');\nalter type s.e rename to f;", "drop type s.f;")]
    [DataRow("create domain s.d as text;\nalter domain s.d rename to e;", "drop domain s.e;")]
    [DataRow("create trigger tr before update on s.t for each row execute function s.f();\nalter trigger tr on s.t rename to tr2;", "drop trigger tr2 on s.t;")]
    [DataRow("create policy p on s.t using (true);\nalter policy p on s.t rename to q;", "drop policy q on s.t;")]
    [DataRow("create table s.a (id int);\ncreate index ix on s.a (id);\nalter table s.a enable row level security;\nalter table s.a rename to b;", "drop table s.b;")]
    [DataRow("create table s.a (id int);\nalter table s.a rename to b;\nalter table s.b add column c int;", "alter table s.b drop column c;\ndrop table s.b;")]
    public void Objects_the_forward_renames_are_paired_under_their_final_name(string forward, string rollback) =>
        Assert.AreEqual(string.Empty, Check(forward, rollback));

    [TestMethod]
    [DataRow("create table s.a (id int);\nalter table s.a rename to b;", "alter table s.b rename to a;\ndrop table s.a;")]
    [DataRow("alter table s.t add column a int;\nalter table s.t rename column a to b;", "alter table s.t rename column b to a;\nalter table s.t drop column a;")]
    [DataRow("create table s.a (id int);\nalter table s.a add column c int;", "alter table s.a rename to z;\nalter table s.z drop column c;\ndrop table s.z;")]
    [DataRow("create index ix on s.t (a);", "alter index s.ix rename to iy;\ndrop index s.iy;")]
    [DataRow("alter table s.a rename to a_old;\ncreate table s.a (id int);", "drop table s.a;\nalter table s.a_old rename to a;")]
    public void Renames_in_the_rollback_are_followed_to_its_drops(string forward, string rollback) =>
        Assert.AreEqual(string.Empty, Check(forward, rollback));

    [TestMethod]
    [DataRow("create table s.a (id int primary key);\ncreate table s.b (a_id int references s.a (id));\nalter table s.a rename to c;", "drop table s.c;\ndrop table s.b;", "R:MIG0203(1,12)")]
    [DataRow("create table s.a (id int);\ncreate view s.v as select id from s.a;\nalter table s.a rename to c;", "drop table s.c;\ndrop view s.v;", "R:MIG0203(1,12)")]
    [DataRow("create table s.a (id int);\ncreate index ix on s.a (id);\nalter table s.a rename to b;", "drop table s.b;\ndrop index s.ix;", "R:MIG0203(2,12)")]
    public void What_depends_on_a_renamed_object_follows_it(string forward, string rollback, string expected) =>
        Assert.AreEqual(expected, Check(forward, rollback));

    [TestMethod]
    [DataRow("create table s.a (id int primary key);\ncreate table s.b (a_id int references s.a (id));\nalter table s.a rename to c;", "drop table s.b;\ndrop table s.c;")]
    public void A_workable_order_after_a_rename_is_quiet(string forward, string rollback) =>
        Assert.AreEqual(string.Empty, Check(forward, rollback));

    [TestMethod]
    // The rollback drops the old name of a renamed table: that one existed before, or does not exist at all.
    [DataRow("create table s.a (id int);\nalter table s.a rename to b;", "drop table s.a;", "F:MIG0201(1,14) R:MIG0202(1,12)")]
    [DataRow("alter table s.t add column a int;\nalter table s.t rename column a to b;", "alter table s.t drop column a;", "F:MIG0201(1,28) R:MIG0202(1,17)")]
    // The forward renames a table it did not create; dropping the new name destroys it.
    [DataRow("alter table s.a rename to b;", "drop table s.b;", "R:MIG0202(1,12)")]
    // Renamed away and never dropped.
    [DataRow("create table s.a (id int);", "alter table s.a rename to a_backup;", "F:MIG0201(1,14)")]
    // The rollback renames back, then drops the wrong name.
    [DataRow("create table s.a (id int);\nalter table s.a rename to b;", "alter table s.b rename to a;\ndrop table s.b;", "F:MIG0201(1,14) R:MIG0203(2,12)")]
    [DataRow("create table s.a (id int);\nalter table s.a rename to b;", "alter table s.b rename to a;\ndrop table if exists s.b;", "F:MIG0201(1,14)")]
    // The rollback renames the table, then drops a column of it under the old name.
    [DataRow("create table s.a (id int);\nalter table s.a add column c int;", "alter table s.a rename to z;\nalter table s.a drop column c;\ndrop table s.z;", "R:MIG0203(2,17)")]
    // A rename of another schema's table is not this one.
    [DataRow("create table s.a (id int);\nalter table t.a rename to b;", "drop table s.b;", "F:MIG0201(1,14) R:MIG0202(1,12)")]
    public void Renames_that_do_not_line_up_keep_their_warnings(string forward, string rollback, string expected) =>
        Assert.AreEqual(expected, Check(forward, rollback));

    [TestMethod]
    [DataRow("drop index s.ix;\ncreate index ix on s.t (a, b);", "select 1;")]
    [DataRow("drop index s.ix;\ncreate index ix on s.t (a, b);", "drop index s.ix;\ncreate index ix on s.t (a);")]
    [DataRow("alter table s.t drop constraint t_a_check;\nalter table s.t add constraint t_a_check check (a >= 0);", "select 1;")]
    [DataRow("alter table s.t drop constraint t_pkey;\nalter table s.t add primary key (a, b);", "alter table s.t drop constraint t_pkey;\nalter table s.t add primary key (a);")]
    [DataRow("alter table s.t drop constraint t_u_fkey, add constraint t_u_fkey foreign key (u) references s.u on delete cascade;", "select 1;")]
    [DataRow("drop function s.f(int);\ncreate function s.f(int) returns int language sql as $$ select 2 $$;", "select 1;")]
    [DataRow("drop view s.v;\ncreate view s.v as select 2 as a;", "drop view s.v;\ncreate view s.v as select 1 as a;")]
    public void A_forward_that_drops_an_existing_object_and_creates_it_again_changes_it(string forward, string rollback) =>
        Assert.AreEqual(string.Empty, Check(forward, rollback));

    [TestMethod]
    // The rollback drops the replacement and does not bring the old one back.
    [DataRow("drop index s.ix;\ncreate index ix on s.t (a, b);", "drop index s.ix;", "R:MIG0202(1,12)")]
    [DataRow("alter table s.t drop column x;\nalter table s.t add column x bigint;", "alter table s.t drop column x;", "R:MIG0202(1,17)")]
    // DROP … IF EXISTS does not show that the object was there: the creation is an addition the rollback must undo.
    [DataRow("drop table if exists s.t;\ncreate table s.t (id int);", "select 1;", "F:MIG0201(2,14)")]
    // Another kind in the same namespace is no replacement.
    [DataRow("drop view s.v;\ncreate table s.v (id int);", "select 1;", "F:MIG0201(2,14)")]
    public void Replacements_the_rollback_does_not_restore_keep_a_warning(string forward, string rollback, string expected) =>
        Assert.AreEqual(expected, Check(forward, rollback));

    [TestMethod]
    public void The_type_swap_is_paired() => Assert.AreEqual(string.Empty, Check(TypeSwapForward, TypeSwapRollback));

    [TestMethod]
    public void The_type_swap_by_renaming_the_old_type_away_is_paired() => Assert.AreEqual(string.Empty, Check(
        "alter type s.status rename to status_old;\ncreate type s.status as enum ('a', 'b');\n"
        + "alter table s.t alter column st type s.status using st::text::s.status;\ndrop type s.status_old;",
        "alter type s.status rename to status_new;\ncreate type s.status as enum ('a');\n"
        + "alter table s.t alter column st type s.status using st::text::s.status;\ndrop type s.status_new;"));

    [TestMethod]
    public void The_column_rebuild_swap_is_paired() => Assert.AreEqual(string.Empty, Check(ColumnSwapForward, ColumnSwapRollback));

    [TestMethod]
    [DataRow("drop type s.status;", "R:MIG0202(1,11)")]
    [DataRow("drop type s.status_new;", "R:MIG0202(1,11)")]
    public void A_type_swap_rollback_that_does_not_swap_back_keeps_a_warning(string rollback, string expected) =>
        Assert.AreEqual(expected, Check(TypeSwapForward, rollback));

    [TestMethod]
    [DataRow("alter table s.t drop column x;", "R:MIG0202(1,17)")]
    [DataRow("alter table s.t drop column x_new;", "R:MIG0202(1,17)")]
    public void A_column_swap_rollback_that_does_not_swap_back_keeps_a_warning(string rollback, string expected) =>
        Assert.AreEqual(expected, Check(ColumnSwapForward, rollback));

    [TestMethod]
    [DataRow("create table s.t (id int);\ncreate sequence s.q owned by s.t.id;", "drop table s.t;")]
    [DataRow("create sequence s.q;\ncreate table s.t (id int default nextval('s.q'));\nalter sequence s.q owned by s.t.id;", "drop table s.t;")]
    [DataRow("alter table s.t add column n int;\ncreate sequence s.q owned by s.t.n;", "alter table s.t drop column n;")]
    [DataRow("create table s.t (id int);\ncreate sequence s.q owned by s.t.id;", "drop sequence s.q;\ndrop table s.t;")]
    [DataRow("create table s.t (id serial primary key);", "drop table s.t;\ndrop sequence if exists s.t_id_seq;")]
    [DataRow("create table s.t (id int generated always as identity);", "drop table s.t;\ndrop sequence if exists s.t_id_seq;")]
    [DataRow("alter table s.t add column n bigserial;", "alter table s.t drop column n;")]
    [DataRow("create table s.t (id serial);", "drop sequence s.t_id_seq cascade;\ndrop table s.t;")]
    [DataRow("create table s.a (id serial);\nalter table s.a rename to b;", "drop table s.b;")]
    public void Sequences_go_with_the_column_that_owns_them(string forward, string rollback) =>
        Assert.AreEqual(string.Empty, Check(forward, rollback));

    [TestMethod]
    [DataRow("create table s.t (id serial);", "drop sequence s.t_id_seq;\ndrop table s.t;", "R:MIG0203(1,15)")]
    [DataRow("create table s.t (id int generated by default as identity);", "drop sequence s.t_id_seq cascade;\ndrop table s.t;", "R:MIG0203(1,15)")]
    [DataRow("create table s.t (id serial);", "drop table s.t;\ndrop sequence s.t_id_seq;", "R:MIG0203(2,15)")]
    [DataRow("alter table s.t add column n serial;", "drop sequence s.t_n_seq;", "F:MIG0201(1,28) R:MIG0203(1,15)")]
    [DataRow("alter table s.t add column n int;\ncreate sequence s.q owned by s.t.n;", "select 1;", "F:MIG0201(1,28)")]
    [DataRow("create sequence s.q;\ncreate table s.t (id int);", "drop table s.t;", "F:MIG0201(1,17)")]
    public void Sequences_dropped_apart_from_their_column_keep_a_warning(string forward, string rollback, string expected) =>
        Assert.AreEqual(expected, Check(forward, rollback));

    [TestMethod]
    public void A_replacement_dropped_without_being_restored_says_so() => Assert.AreEqual(
        "The rollback drops index billing.invoices_due_idx, which existed before the migration (the forward replaces it at line 2), and does not create it again, so rolling back would leave it missing; after the drop, create the previous definition again.",
        Message("drop index billing.invoices_due_idx;\ncreate index invoices_due_idx on billing.invoices (due_at, id);", "drop index billing.invoices_due_idx;"));

    [TestMethod]
    [DataRow("create table billing.invoices (id serial primary key);", "drop sequence billing.invoices_id_seq;\ndrop table billing.invoices;",
        "Dropping sequence billing.invoices_id_seq here fails: column billing.invoices.id requires it (PostgreSQL created it for the serial or identity column), and PostgreSQL refuses to drop it while the column is there, so the rollback stops at this statement; drop table billing.invoices instead, which drops the sequence with it.")]
    [DataRow("alter table billing.invoices add column number bigint generated always as identity;", "drop sequence billing.invoices_number_seq;\nalter table billing.invoices drop column number;",
        "Dropping sequence billing.invoices_number_seq here fails: column billing.invoices.number requires it (PostgreSQL created it for the serial or identity column), and PostgreSQL refuses to drop it while the column is there, so the rollback stops at this statement; drop the column instead (alter table billing.invoices drop column number;), which drops the sequence with it.")]
    public void A_sequence_dropped_before_its_column_says_what_to_drop_instead(string forward, string rollback, string expected) =>
        Assert.AreEqual(expected, Message(forward, rollback));

    [TestMethod]
    [DataRow("create table billing.invoice_notes (id int);\nalter table billing.invoice_notes rename to invoice_remarks;", "drop table billing.invoice_notes;",
        "The forward creates table billing.invoice_notes (renamed to table billing.invoice_remarks at line 2), but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: drop table billing.invoice_remarks;")]
    [DataRow("alter table billing.invoices add column memo text;\nalter table billing.invoices rename memo to note;\nalter table billing.invoices rename to bills;", "select 1;",
        "The forward adds column billing.invoices.memo (renamed to column billing.bills.note at line 3), but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: alter table billing.bills drop column note;")]
    [DataRow("create index ix on billing.invoices (id);\nalter table billing.invoices rename to bills;", "select 1;",
        "The forward creates index billing.ix, but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: drop index billing.ix;")]
    public void A_renamed_creation_left_behind_names_both_names(string forward, string rollback, string expected) =>
        Assert.AreEqual(expected, RollbackCompatibility.Check(Pair(forward, rollback)).First(diagnostic => diagnostic.Code == "MIG0201").Message);

    [TestMethod]
    public void A_replacement_by_rename_is_placed_at_the_rename() => StringAssert.Contains(
        Message(TypeSwapForward, "drop type s.status;"), "(the forward replaces it at line 4)");

    [TestMethod]
    public void A_drop_by_a_name_the_rollback_renamed_away_says_so() => Assert.AreEqual(
        "Table billing.invoice_notes no longer has this name: line 1 renamed table billing.invoice_notes to invoice_remarks, so this drop fails on a name that does not exist and the rollback stops here; drop it by its new name, or before line 1.",
        Message("create table billing.invoice_notes (id int);", "alter table billing.invoice_notes rename to invoice_remarks;\ndrop table billing.invoice_notes;\ndrop table billing.invoice_remarks;"));
}
