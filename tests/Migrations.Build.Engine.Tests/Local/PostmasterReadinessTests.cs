using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Tests.Local;

/// <summary>
/// A throwaway cluster is ready when its pid file says so, but pg_ctl's own verdict still decides every failure: the
/// poll may only ever shorten a successful start, never turn a failed one into a success or wait forever.
/// </summary>
[TestClass]
public sealed class PostmasterReadinessTests
{
    private const string Starting = "4242\n/tmp/data\n1700000000\n5432\n/tmp\n127.0.0.1\n  5432001     32768\nstarting\n";
    private const string Ready = "4242\n/tmp/data\n1700000000\n5432\n/tmp\n127.0.0.1\n  5432001     32768\nready   \n";

    private string dataDirectory = null!;

    [TestInitialize]
    public void CreateDataDirectory()
    {
        dataDirectory = Path.Combine(Path.GetTempPath(), "readiness-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
    }

    [TestCleanup]
    public void DeleteDataDirectory() => Directory.Delete(dataDirectory, recursive: true);

    [TestMethod]
    public async Task A_pg_ctl_failure_before_the_server_is_ready_is_returned_as_pg_ctl_reported_it()
    {
        File.WriteAllText(Path.Combine(dataDirectory, PostmasterReadiness.PidFileName), Starting);
        var failure = new ChildProcessResult("pg_ctl start", 1, "", "pg_ctl: could not start server");

        var result = await PostmasterReadiness.WaitAsync(Task.FromResult(failure), dataDirectory, CancellationToken.None);

        Assert.AreSame(failure, result);
    }

    [TestMethod]
    public async Task A_failure_that_pg_ctl_reports_later_is_awaited_while_the_server_never_says_ready()
    {
        File.WriteAllText(Path.Combine(dataDirectory, PostmasterReadiness.PidFileName), Starting);
        var pgCtl = new TaskCompletionSource<ChildProcessResult>();
        var failure = new ChildProcessResult("pg_ctl start", 1, "", "pg_ctl: could not start server");

        var waiting = PostmasterReadiness.WaitAsync(pgCtl.Task, dataDirectory, CancellationToken.None);
        await Task.Delay(50);
        Assert.IsFalse(waiting.IsCompleted, "a server that only says 'starting' is not ready");
        pgCtl.SetResult(failure);

        Assert.AreSame(failure, await waiting);
    }

    [TestMethod]
    public async Task The_server_saying_ready_ends_the_wait_while_pg_ctl_still_runs()
    {
        File.WriteAllText(Path.Combine(dataDirectory, PostmasterReadiness.PidFileName), Ready);
        var pgCtl = new TaskCompletionSource<ChildProcessResult>();

        var result = await PostmasterReadiness.WaitAsync(pgCtl.Task, dataDirectory, CancellationToken.None);

        Assert.IsNull(result);
        Assert.IsFalse(pgCtl.Task.IsCompleted);
    }

    [TestMethod]
    public void Only_the_status_line_saying_ready_counts()
    {
        var pidFile = Path.Combine(dataDirectory, PostmasterReadiness.PidFileName);
        Assert.IsFalse(PostmasterReadiness.IsReady(pidFile), "no pid file yet");

        File.WriteAllText(pidFile, Starting);
        Assert.IsFalse(PostmasterReadiness.IsReady(pidFile));

        File.WriteAllText(pidFile, "4242\n/tmp/data\n1700000000\n5432\n");
        Assert.IsFalse(PostmasterReadiness.IsReady(pidFile), "a file the server has not finished writing");

        File.WriteAllText(pidFile, "ready\n/tmp/data\n");
        Assert.IsFalse(PostmasterReadiness.IsReady(pidFile), "'ready' anywhere but the status line");

        File.WriteAllText(pidFile, Ready);
        Assert.IsTrue(PostmasterReadiness.IsReady(pidFile));
    }
}
