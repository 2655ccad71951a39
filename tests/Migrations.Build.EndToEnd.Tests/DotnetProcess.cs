using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// A running `dotnet` command whose output is collected as it comes, so a test can wait for it with a deadline,
/// read what it has printed so far, or kill it together with every process it started (MSBuild's task host).
/// </summary>
internal sealed class DotnetProcess : IDisposable
{
    private readonly Process process;
    private readonly string arguments;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    public DotnetProcess(Process process, string arguments)
    {
        this.process = process;
        this.arguments = arguments;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>What the command printed so far, for failure messages while it still runs.</summary>
    public string OutputSoFar
    {
        get
        {
            lock (gate)
            {
                return output.ToString();
            }
        }
    }

    public DotnetResult WaitForExit(TimeSpan deadline)
    {
        if (!process.WaitForExit(deadline))
        {
            KillTree();
            throw new TimeoutException($"dotnet {arguments} did not finish within {deadline}.{Environment.NewLine}{OutputSoFar}");
        }

        // The parameterless wait also waits for the redirected streams to be read to their end.
        process.WaitForExit();
        return new DotnetResult(arguments, process.ExitCode, OutputSoFar);
    }

    public async Task<DotnetResult> WaitForExitAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(deadline);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree();
            throw new TimeoutException($"dotnet {arguments} did not finish within {deadline} (or the test was cancelled).{Environment.NewLine}{OutputSoFar}");
        }

        return WaitForExit(Timeout.InfiniteTimeSpan);
    }

    /// <summary>SIGKILL to the process and all its descendants: nothing gets to clean up, as when a CI agent dies.</summary>
    public void KillTree()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The process ids below this one, read from /proc (Linux): proof that a tree kill reaches the task host.</summary>
    public IReadOnlyList<int> Descendants()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(directory) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([process.Id]);
        while (frontier.TryDequeue(out var current))
        {
            foreach (var (child, parent) in parents)
            {
                if (parent == current)
                {
                    found.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="pid"/> still runs; a zombie (killed, not yet reaped) counts as gone.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The command line of <paramref name="pid"/>, arguments separated by spaces; empty once it is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            KillTree();
        }

        process.Dispose();
    }

    /// <summary>The fourth field of /proc/PID/stat; the second (the command name) may hold spaces, so count from its closing parenthesis.</summary>
    private static int? ParentOf(string procDirectory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null; // The process ended while we looked.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            output.AppendLine(line);
        }
    }
}
