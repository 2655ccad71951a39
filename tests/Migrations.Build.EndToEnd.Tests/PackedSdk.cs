namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// The SDK packed once per test run into a temp feed, with a version no cache has seen (NuGet would serve a
/// re-packed 1.0.0 stale from its cache), and an isolated packages folder consumers restore into.
/// </summary>
internal sealed class PackedSdk
{
    private static readonly Lazy<PackedSdk> Instance = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    private PackedSdk(string feed, string packagesFolder, string version)
    {
        Feed = feed;
        PackagesFolder = packagesFolder;
        Version = version;
    }

    public static PackedSdk Current => Instance.Value;

    public string Feed { get; }

    public string PackagesFolder { get; }

    public string Version { get; }

    private static PackedSdk Pack()
    {
        var root = Path.Combine(Path.GetTempPath(), "mb-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var feed = Path.Combine(root, "feed");
        var packages = Path.Combine(root, "packages");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(packages);
        var version = $"1.0.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..6]}";

        var result = DotnetCli.Run(RepositoryLayout.Root, "pack", RepositoryLayout.SdkProject, "-c", "Release", "-o", feed, $"-p:Version={version}", "-nodeReuse:false", "-tl:off");
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(feed, $"Migrations.Build.Sdk.{version}.nupkg")))
        {
            throw new InvalidOperationException("Packing the SDK failed: " + result);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return new PackedSdk(feed, packages, version);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Temp folders are cleaned by the OS eventually; a failed cleanup must not fail the run.
        }
    }
}
