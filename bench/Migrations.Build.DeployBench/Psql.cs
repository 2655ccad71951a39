using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Migrations.Build.DeployBench;

/// <summary>
/// Runs /usr/bin/psql against the database of a connection string. The connection goes in PG* environment variables,
/// not on the command line, so the password never appears in a process listing or in what this harness prints.
/// </summary>
internal sealed class Psql(string executable)
{
    public string Executable { get; } = executable;

    /// <summary>
    /// (b) One psql process and one connection for the whole corpus, one transaction per file: the cheapest a
    /// transaction-per-migration tool can be, and so the baseline the target is stated against.
    /// </summary>
    public static string WriteDriver(string path, IReadOnlyList<string> files)
    {
        var driver = new StringBuilder();
        driver.Append("\\set ON_ERROR_STOP 1\n");
        foreach (var file in files)
        {
            // Quoted so a temp path with spaces still works; the generated paths hold no quote characters.
            driver.Append("begin;\n\\i '").Append(file).Append("'\ncommit;\n");
        }

        File.WriteAllText(path, driver.ToString());
        return path;
    }

    public void Run(string connectionString, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Whatever PG* settings this shell has (PGSERVICE, PGOPTIONS, PGSSLMODE...) must not change what psql does.
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = builder.Username;
        start.Environment["PGDATABASE"] = builder.Database;
        if (!string.IsNullOrEmpty(builder.Password))
        {
            start.Environment["PGPASSWORD"] = builder.Password;
        }

        start.Environment["PGAPPNAME"] = "deploy-bench psql";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        // Both pipes drained concurrently, so a chatty psql can never block on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        }
    }
}
