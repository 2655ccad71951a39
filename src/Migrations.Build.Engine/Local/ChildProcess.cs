using System.Diagnostics;

namespace Migrations.Build.Engine.Local;

/// <summary>Runs a tool to completion and captures what it printed, so failures can be reported verbatim.</summary>
internal static class ChildProcess
{
    public static Task<ChildProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(fileName, arguments, workingDirectory, timeout, environment: null, rawArguments: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="fileName"/>; <paramref name="environment"/> adds variables to (or, with a null value,
    /// removes them from) the child's environment only — the way a password reaches a client tool without appearing
    /// on a command line. <see cref="Timeout.InfiniteTimeSpan"/> waits as long as the build lets it (cancellation).
    /// <paramref name="rawArguments"/>, when given, replaces <paramref name="arguments"/> for programs that parse their
    /// own command line (cmd).
    /// </summary>
    public static Task<ChildProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory,
        TimeSpan? timeout,
        IReadOnlyDictionary<string, string?>? environment,
        string? rawArguments,
        CancellationToken cancellationToken) =>
        RunAsync(fileName, arguments, workingDirectory, timeout, environment, rawArguments, onLine: null, cancellationToken);

    /// <summary>
    /// As above; <paramref name="onLine"/>, when given, also receives each line of standard output and standard error
    /// as it is printed, so a long-running command (application tests) shows progress instead of silence.
    /// </summary>
    public static async Task<ChildProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory,
        TimeSpan? timeout,
        IReadOnlyDictionary<string, string?>? environment,
        string? rawArguments,
        Action<string>? onLine,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (rawArguments is not null)
        {
            startInfo.Arguments = rawArguments;
        }
        else
        {
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var commandLine = rawArguments is not null ? $"{fileName} {rawArguments}" : string.Join(' ', new[] { fileName }.Concat(startInfo.ArgumentList.Select(Quote)));
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ChildProcessResult(commandLine, -1, string.Empty, exception.Message);
        }

        // Tools such as initdb must never wait for a keyboard that CI does not have.
        process.StandardInput.Close();
        var standardOutput = ReadAllAsync(process.StandardOutput, onLine);
        var standardError = ReadAllAsync(process.StandardError, onLine);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new ChildProcessResult(
                commandLine,
                -1,
                await standardOutput.ConfigureAwait(false),
                $"timed out after {timeout ?? TimeSpan.FromMinutes(2)} and was killed.{Environment.NewLine}{await standardError.ConfigureAwait(false)}");
        }

        return new ChildProcessResult(
            commandLine,
            process.ExitCode,
            await standardOutput.ConfigureAwait(false),
            await standardError.ConfigureAwait(false));
    }

    private static Task<string> ReadAllAsync(StreamReader reader, Action<string>? onLine)
    {
        if (onLine is null)
        {
            return reader.ReadToEndAsync(CancellationToken.None);
        }

        return ReadLinesAsync(reader, onLine);
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string> onLine)
    {
        var text = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            text.AppendLine(line);
            onLine(line);
        }

        return text.ToString();
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(char.IsWhiteSpace) && !argument.Contains('"') ? argument : $"\"{argument.Replace("\"", "\\\"")}\"";
}
