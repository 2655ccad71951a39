using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Database;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Database;

/// <summary>What the lock watch and the slow-statement line say, without a database: wording, masking, cutting.</summary>
[TestClass]
public sealed class LockWatchTextTests
{
    [TestMethod]
    public void A_blocker_is_one_line_naming_pid_application_user_state_age_and_query()
    {
        var blocker = new BlockingSession(4242, "nightly report", "reporter", "idle in transaction", TimeSpan.FromSeconds(75.5), "lock table busy\n    in access exclusive mode");

        Assert.AreEqual("pid 4242, application 'nightly report', user reporter, idle in transaction, transaction open 1 min 15 s, last query: lock table busy in access exclusive mode", blocker.ToString());
    }

    [TestMethod]
    public void An_active_blocker_shows_its_query_and_an_unnamed_one_says_so()
    {
        var blocker = new BlockingSession(7, null, null, "active", null, "vacuum full busy");

        Assert.AreEqual("pid 7, an unnamed application, user unknown, active, query: vacuum full busy", blocker.ToString());
    }

    [TestMethod]
    public void A_blocker_whose_details_the_role_may_not_see_says_how_to_see_them()
    {
        var blocker = new BlockingSession(31, "holder", "postgres", null, null, "<insufficient privilege>");

        Assert.AreEqual("pid 31, application 'holder', user postgres; its state and query are hidden from this role (grant it pg_read_all_stats to see them)", blocker.ToString());
    }

    [TestMethod]
    public void A_prepared_transaction_is_named_with_what_to_do_about_it()
    {
        StringAssert.StartsWith(new BlockingSession(0, null, null, null, null, null).ToString(), "a prepared transaction (pid 0): find it in pg_prepared_xacts");
    }

    [TestMethod]
    public void A_long_query_is_cut_to_200_characters()
    {
        var query = "select " + string.Join(", ", Enumerable.Range(1, 200).Select(column => $"c{column}")) + " from wide";

        var shown = QueryText.Shorten(query, BlockingSession.QueryLength);

        Assert.AreEqual(201, shown.Length);
        Assert.AreEqual(query[..200] + "…", shown);
    }

    [TestMethod]
    [DataRow("alter role app password 'hunter2'", "alter role app password '***'")]
    [DataRow("CREATE ROLE app LOGIN ENCRYPTED PASSWORD E'it''s hunter2' VALID UNTIL 'infinity'", "CREATE ROLE app LOGIN ENCRYPTED PASSWORD '***' VALID UNTIL 'infinity'")]
    [DataRow("alter user app with password $pw$hunter2$pw$;", "alter user app with password '***';")]
    [DataRow("alter role app password 'hunter2 cut off by track_activity_query_si", "alter role app password '***'")]
    [DataRow("select dblink_connect('host=db user=app password=hunter2 dbname=x')", "select dblink_connect('host=db user=app password=***")]
    [DataRow("select * from t where password_hash = 'abc'", "select * from t where password_hash = 'abc'")]
    public void Passwords_in_a_quoted_query_are_masked(string query, string expected)
    {
        Assert.AreEqual(expected, QueryText.Shorten(query, 200));
    }

    [TestMethod]
    public void The_wait_line_names_the_statement_the_lock_the_limit_and_every_holder()
    {
        var request = new LockRequest("relation", "AccessExclusiveLock", "table public.busy", null);
        BlockingSession[] blockers =
        [
            new(11, "psql", "ana", "idle in transaction", TimeSpan.FromSeconds(3), "lock table busy"),
            new(12, "worker", "bo", "active", TimeSpan.FromSeconds(2), "select * from busy"),
        ];

        var line = LockWatch.Describe("m/1.sql(2,1)", TimeSpan.FromSeconds(1.04), request, blockers, "5s");

        Assert.AreEqual(
            "Lock wait: m/1.sql(2,1) has been running 1.0 s, waiting for AccessExclusiveLock on table public.busy held by 2 sessions; lock_timeout 5s (MigrationsLockTimeout) ends the wait:"
            + Environment.NewLine + "    pid 11, application 'psql', user ana, idle in transaction, transaction open 3.0 s, last query: lock table busy"
            + Environment.NewLine + "    pid 12, application 'worker', user bo, active, transaction open 2.0 s, query: select * from busy",
            line);
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("0ms")]
    public void Without_lock_timeout_the_wait_line_says_it_waits_for_the_holders(string lockTimeout)
    {
        var line = LockWatch.Describe("m/1.sql(1,1)", TimeSpan.FromSeconds(12), new LockRequest("transactionid", "ShareLock", null, "771"), [new(5, "app", "u", "active", null, "update t set x = 1")], lockTimeout);

        StringAssert.Contains(line, "waiting for ShareLock on transaction 771 (a row it changed or locked) held by 1 session; lock_timeout is off (MigrationsLockTimeout), so it waits until they finish:");
    }

    [TestMethod]
    [DataRow(0.0, "0.0 s")]
    [DataRow(1.26, "1.2 s")]
    [DataRow(59.99, "59.9 s")]
    [DataRow(61.0, "1 min 01 s")]
    [DataRow(7260.0, "2 h 01 min")]
    public void Durations_read_like_a_person_would_write_them(double seconds, string expected)
    {
        Assert.AreEqual(expected, ElapsedText.Format(TimeSpan.FromSeconds(seconds)));
    }

    [TestMethod]
    public void Where_statements_are_reported_is_not_a_setting()
    {
        var log = new RecordingLog();
        var reader = new SettingsReader(new OperationSettings { MigrationsDirectory = "migrations" }, log);

        Assert.AreSame(log, reader.Execution.Log, "commands report lock waits and slow statements to their own log");
        Assert.AreEqual(new ExecutionSettings(), reader.Execution);
        Assert.AreEqual("ExecutionSettings { LockTimeout = 5s, StatementTimeout = 0 }", reader.Execution.ToString());
    }
}
