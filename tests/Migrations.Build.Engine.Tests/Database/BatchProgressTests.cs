using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Tests.Database;

/// <summary>
/// Which statement of a batch runs, and how long each took, from the server's view a watch reads every so often:
/// matching texts in order, telling a repeated text from the same statement seen again, timing from the server's start.
/// </summary>
[TestClass]
public sealed class BatchProgressTests
{
    private static readonly DateTime Epoch = new(2026, 12, 1, 5, 0, 0, DateTimeKind.Utc);

    [TestMethod]
    public void Before_any_look_the_first_statement_is_named_and_timed_from_the_batch_start()
    {
        var progress = Progress("create table a (id int);\nselect pg_sleep(2);\n");

        Assert.AreEqual(-1, progress.Current);
        Assert.AreEqual(0, progress.Named);
        Assert.AreEqual(Seconds(1.5), progress.RunningAt(Seconds(1.5)));
        Assert.IsEmpty(progress.Durations(Seconds(2)));
    }

    [TestMethod]
    public void The_running_statement_is_the_one_whose_text_the_server_shows_timed_from_its_server_start()
    {
        var progress = Progress("create table a (id int);\nselect pg_sleep(2);\ninsert into a values (1);\n");

        progress.Observe("select pg_sleep(2);", Epoch.AddSeconds(0.2), Seconds(0.7), at: Seconds(0.9));

        Assert.AreEqual(1, progress.Current);
        Assert.AreEqual(Seconds(1.3), progress.RunningAt(Seconds(1.5)), "started at 0.9 − 0.7 = 0.2 s on the batch's clock");
    }

    [TestMethod]
    public void Begin_and_the_limits_are_not_statements_and_change_nothing()
    {
        var progress = Progress("create table a (id int);\nselect pg_sleep(2);\n");

        progress.Observe("select set_config($1, $2, $3)", Epoch, Seconds(0.9), at: Seconds(0.9));
        progress.Observe(null, Epoch, Seconds(0), at: Seconds(1.0));

        Assert.AreEqual(-1, progress.Current);
    }

    [TestMethod]
    public void The_same_statement_seen_again_keeps_its_start_and_a_later_repeat_of_its_text_is_the_next_statement()
    {
        var progress = Progress("select pg_sleep(1.5);\nselect pg_sleep(1.5);\n");

        progress.Observe("select pg_sleep(1.5);", Epoch, Seconds(0.9), at: Seconds(0.9));
        progress.Observe("select pg_sleep(1.5);", Epoch.AddMilliseconds(1), Seconds(1.0), at: Seconds(1.0));
        Assert.AreEqual(0, progress.Current, "a query_start moved by planning is still the same statement");

        progress.Observe("select pg_sleep(1.5);", Epoch.AddSeconds(1.5), Seconds(0.1), at: Seconds(1.6));
        Assert.AreEqual(1, progress.Current);

        CollectionAssert.AreEqual(new[] { (0, Seconds(1.5)), (1, Seconds(1.5)) }, progress.Durations(Seconds(3.0)).ToArray());
    }

    [TestMethod]
    public void A_statement_ends_where_the_next_one_seen_starts_else_at_the_look_that_found_it_over()
    {
        var progress = Progress("select pg_sleep(1.2);\nselect 1;\nselect 2;\nselect pg_sleep(1.1);\n");

        progress.Observe("select pg_sleep(1.2);", Epoch, Seconds(0.9), at: Seconds(0.9));
        progress.Observe("select pg_sleep(1.1);", Epoch.AddSeconds(1.25), Seconds(0.05), at: Seconds(1.3));

        // Statements 2 and 3 ran unseen between the looks: the first's end is bounded by the last one's start.
        CollectionAssert.AreEqual(new[] { (0, Seconds(1.25)), (3, Seconds(1.1)) }, progress.Durations(Seconds(2.35)).ToArray());
    }

    [TestMethod]
    public void A_query_the_server_cut_short_is_matched_by_its_beginning_and_a_short_one_only_whole()
    {
        var text = "create table t (" + string.Join(", ", Enumerable.Range(1, 150).Select(column => $"c{column} int")) + ");";
        var progress = Progress($"select 1;\nselect 10;\n{text}\n");

        progress.Observe("select 1", Epoch, Seconds(0.9), at: Seconds(0.9));
        Assert.AreEqual(-1, progress.Current, "a short query is no statement's beginning");

        progress.Observe(text[..1023], Epoch, Seconds(0.9), at: Seconds(0.9));
        Assert.AreEqual(2, progress.Current);
    }

    private static BatchProgress Progress(string sql) => new(new MigrationScript("/m/batch.sql", sql).Sql.Statements);

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);
}
