using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// A throwaway PostgreSQL cluster built from locally installed server binaries: a copy of a cached
/// <see cref="ClusterTemplate"/> (initdb into a fresh directory when there is none yet), started on a free
/// loopback port with fsync off, stopped and deleted on dispose or at process exit. Durability is deliberately traded for speed, since every byte is thrown away.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    public const string SuperUser = "postgres";

    private const string DirectoryPrefix = "migrations-build-pg-";
    private const string OwnerFileName = "owner.pid";
    private const int PortAttempts = 3;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    // --no-locale and UTF8 keep collation and encoding identical on every machine.
    private static readonly string[] InitdbOptions = ["-A", "trust", "-U", SuperUser, "-E", "UTF8", "--no-locale", "--no-sync"];

    private readonly string? runuserPath;
    private Task<ChildProcessResult>? pendingStart;
    private int disposed;

    private LocalCluster(string binDirectory, string rootDirectory, string? runuserPath)
    {
        BinDirectory = binDirectory;
        RootDirectory = rootDirectory;
        this.runuserPath = runuserPath;
    }

    public string BinDirectory { get; }

    /// <summary>Holds the data directory, the server log and the Unix socket; deleted on dispose.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string LogFile => Path.Combine(RootDirectory, "postgres.log");

    public int Port { get; private set; }

    /// <summary>True when the data directory was copied from the cached template, false when initdb made it.</summary>
    public bool DataCopiedFromTemplate { get; private set; }

    /// <summary>Trust authentication on loopback only, so there is no password to leak.</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = "postgres",
    }.ConnectionString;

    public static async Task<LocalCluster> StartAsync(
        string binDirectory,
        string? temporaryRoot = null,
        CancellationToken cancellationToken = default)
    {
        string? runuserPath = null;
        if (ProcessIdentity.IsRoot)
        {
            // initdb and postgres refuse to run as root, and CI containers and dev boxes often run as root.
            runuserPath = ExecutableSearch.FindOnPath("runuser", "/usr/sbin", "/sbin", "/usr/bin", "/bin")
                ?? throw new InvalidOperationException(
                    $"running as root, which PostgreSQL refuses, and runuser (util-linux) was not found to switch to the '{SuperUser}' user");
        }

        // /dev/shm or /tmp rather than TMPDIR: the postgres user must reach it, and Unix socket paths must stay short.
        var parent = temporaryRoot ?? ClusterParentDirectory.Choose();
        await ReapOrphansAsync(parent, binDirectory, runuserPath, cancellationToken).ConfigureAwait(false);

        var root = Path.Combine(parent, DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(
            Path.Combine(root, OwnerFileName),
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            cancellationToken).ConfigureAwait(false);

        var cluster = new LocalCluster(binDirectory, root, runuserPath);
        try
        {
            await cluster.CreateDataDirectoryAsync(ClusterTemplate.For(parent, binDirectory, InitdbOptions), cancellationToken)
                .ConfigureAwait(false);
            await cluster.StartServerAsync(cancellationToken).ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += cluster.OnProcessExit;
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (pendingStart is not null)
        {
            // pg_ctl start -w ends within 100 ms of the server being ready; its result no longer matters.
            try
            {
                await pendingStart.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The build was cancelled while pg_ctl was finishing; ChildProcess has killed it.
            }
        }

        await StopServerAsync(RootDirectory, BinDirectory, runuserPath, CancellationToken.None).ConfigureAwait(false);
        DeleteDirectory(RootDirectory);
    }

    private void OnProcessExit(object? sender, EventArgs e) => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task CreateDataDirectoryAsync(ClusterTemplate template, CancellationToken cancellationToken)
    {
        DataCopiedFromTemplate = template.TryCopyTo(DataDirectory);
        if (DataCopiedFromTemplate)
        {
            // The copy was made by this process; as root the whole tree goes to the user the server runs as.
            await HandRootToServiceUserAsync(recursive: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        await HandRootToServiceUserAsync(recursive: false, cancellationToken).ConfigureAwait(false);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);

        // Before the server starts: a template must hold initdb's output only, no postmaster.pid or WAL of a run.
        template.TryPublishFrom(DataDirectory);
    }

    private async Task HandRootToServiceUserAsync(bool recursive, CancellationToken cancellationToken)
    {
        if (runuserPath is null)
        {
            return;
        }

        var chown = ExecutableSearch.FindOnPath("chown", "/usr/bin", "/bin")
            ?? throw new InvalidOperationException("chown was not found to give the cluster directory to the postgres user");
        string[] arguments = recursive ? ["-R", SuperUser, RootDirectory] : [SuperUser, RootDirectory];
        var result = await ChildProcess.RunAsync(chown, arguments, timeout: ToolTimeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"could not give {RootDirectory} to the '{SuperUser}' user: {result.Describe()}");
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var result = await RunToolAsync(
            BinDirectory,
            runuserPath,
            RootDirectory,
            "initdb",
            ["-D", DataDirectory, .. InitdbOptions],
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"initdb failed: {result.Describe()}");
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeTcpPort.OnLoopback();
            var serverOptions = string.Join(
                ' ',
                "-F",
                $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
                $"-k '{RootDirectory}'",
                "-c listen_addresses=127.0.0.1",
                // Parallel runs (and parallel tests) each hold a small connection pool per database.
                "-c max_connections=300");

            // -l matters beyond logging: without it the server inherits our stdout pipe and reading it never ends.
            var pgCtl = RunToolAsync(
                BinDirectory,
                runuserPath,
                RootDirectory,
                "pg_ctl",
                ["-D", DataDirectory, "-l", LogFile, "-o", serverOptions, "-w", "-t", "60", "start"],
                cancellationToken);
            var result = await PostmasterReadiness.WaitAsync(pgCtl, DataDirectory, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                // Ready before pg_ctl's next 100 ms look; it sees the same and exits on its own, awaited on dispose.
                pendingStart = pgCtl;
                return;
            }

            if (result.Succeeded)
            {
                return;
            }

            var log = ReadLogTail();
            var portTaken = log.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                || log.Contains("already in use", StringComparison.OrdinalIgnoreCase);
            if (!portTaken || attempt == PortAttempts)
            {
                throw new InvalidOperationException(
                    $"pg_ctl start failed: {result.Describe()}{Environment.NewLine}Server log ({LogFile}):{Environment.NewLine}{log}");
            }

            await StopServerAsync(RootDirectory, BinDirectory, runuserPath, cancellationToken).ConfigureAwait(false);
        }
    }

    private string ReadLogTail()
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return string.Join(Environment.NewLine, lines.TakeLast(20));
        }
        catch (IOException)
        {
            return "(no server log)";
        }
        catch (UnauthorizedAccessException)
        {
            return "(server log unreadable)";
        }
    }

    private static async Task StopServerAsync(string root, string binDirectory, string? runuserPath, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(root, "data");
        if (!File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            return;
        }

        // Immediate: the cluster is about to be deleted, so a clean checkpoint would be wasted time.
        await RunToolAsync(
            binDirectory,
            runuserPath,
            root,
            "pg_ctl",
            ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"],
            cancellationToken).ConfigureAwait(false);
    }

    private static Task<ChildProcessResult> RunToolAsync(
        string binDirectory,
        string? runuserPath,
        string workingDirectory,
        string tool,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken)
    {
        var toolPath = Path.Combine(binDirectory, PostgresBinDirectorySearch.ToolFileName(tool));
        return runuserPath is null
            ? ChildProcess.RunAsync(toolPath, arguments, workingDirectory, ToolTimeout, cancellationToken)
            : ChildProcess.RunAsync(runuserPath, ["-u", SuperUser, "--", toolPath, .. arguments], workingDirectory, ToolTimeout, cancellationToken);
    }

    /// <summary>
    /// A process that was killed (timeout, Ctrl+C, a stopped build node) never ran its exit handler; without this its
    /// postgres would keep running and its directory would pile up in /tmp on developer machines.
    /// </summary>
    private static async Task ReapOrphansAsync(string parent, string binDirectory, string? runuserPath, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var root in Directory.EnumerateDirectories(parent, DirectoryPrefix + "*"))
        {
            if (!IsOrphan(root))
            {
                continue;
            }

            try
            {
                await StopServerAsync(root, binDirectory, runuserPath, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Best effort: a cluster we cannot stop is not a reason to fail this run.
            }

            DeleteDirectory(root);
        }
    }

    private static bool IsOrphan(string root)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(root, OwnerFileName));
            if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ownerId))
            {
                return false;
            }

            using var owner = Process.GetProcessById(ownerId);
            return owner.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's orphan reaping rather than failing a run that already succeeded.
        }
    }
}
