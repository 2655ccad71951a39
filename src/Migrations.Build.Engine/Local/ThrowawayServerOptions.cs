namespace Migrations.Build.Engine.Local;

/// <summary>
/// Everything that decides where a throwaway PostgreSQL server comes from. Plain data with the process
/// environment read through <see cref="ReadVariable"/>, so callers (and tests) can inject a configuration
/// instead of mutating the environment shared by everything in the process.
/// </summary>
internal sealed record ThrowawayServerOptions
{
    /// <summary>The product's variable for an existing server on which databases may be created and dropped.</summary>
    public const string LocalUrlVariable = "MIGRATIONS_LOCAL_URL";

    public const string DefaultContainerImage = "postgres:15-alpine";

    /// <summary>The variable holding the server URL; the test suite uses its own so it never borrows a developer's server.</summary>
    public string UrlVariable { get; init; } = LocalUrlVariable;

    /// <summary>Reads an environment variable; null or blank means "not set".</summary>
    public Func<string, string?> ReadVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>False skips Docker without asking it, for callers that know it must not be used.</summary>
    public bool UseDocker { get; init; } = true;

    /// <summary>The container image (MigrationsLocalImage); null or blank means <see cref="DefaultContainerImage"/>.</summary>
    public string? ContainerImage { get; init; }

    /// <summary>Upper bound for pulling and starting a container, so a wedged Docker cannot hang a build.</summary>
    public TimeSpan ContainerStartTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Directories holding initdb, pg_ctl and postgres. Null means discover them (PATH, <c>pg_config --bindir</c>,
    /// /usr/lib/postgresql/&lt;version&gt;/bin, highest first); a list, even an empty one, is used as given.
    /// </summary>
    public IReadOnlyList<string>? BinDirectories { get; init; }

    /// <summary>
    /// <c>MigrationsLocalBinDirectory</c>: the one folder of server binaries to use (initdb, pg_ctl, postgres), instead of
    /// Docker and the search of <see cref="BinDirectories"/>; a folder that cannot start a server is MIG1037, never a
    /// quiet fall-back to other binaries. Null or blank: not set.
    /// </summary>
    public string? LocalBinDirectory { get; init; }

    /// <summary>The server the throwaway one stands in for, when this run read its release; null when unknown.</summary>
    public TargetServer? Target { get; init; }

    /// <summary>
    /// Parent of a local cluster's directory. Null picks a memory-backed /dev/shm with room to spare, else /tmp (on
    /// Windows the temp path; see <see cref="ClusterParentDirectory"/>): the postgres user must reach it when running
    /// as root, whose TMPDIR may live under /root, and Unix socket paths must stay short.
    /// </summary>
    public string? TemporaryRoot { get; init; }

    /// <summary>Receives one line naming the source used and why earlier ones were passed over; never a password.</summary>
    public Action<string>? Log { get; init; }

    internal string? EffectiveLocalBinDirectory => string.IsNullOrWhiteSpace(LocalBinDirectory) ? null : LocalBinDirectory.Trim();

    internal string EffectiveContainerImage => string.IsNullOrWhiteSpace(ContainerImage) ? DefaultContainerImage : ContainerImage.Trim();
}
