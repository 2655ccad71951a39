using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// Issue 9, item 7: a password full of characters that URIs, connection strings, SQL and JSON treat specially goes
/// through every database target, their failures included, on a server that really checks it — and is found in none
/// of what the runs leave behind: console output, binary logs, history rows, status files.
/// </summary>
[TestClass]
public sealed class SecretsTests
{
    /// <summary>@ ; : / % ' " é and a space: each one special to a URI, an Npgsql string, SQL or a shell.</summary>
    private const string Password = "p@ss;w:rd/%'\"é x9";

    private const string Customers = "20250101000000_customers";
    private const string Indexes = "20250201000000_customer_indexes";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_special_password_reaches_no_output_log_history_row_or_status_file_of_any_target()
    {
        var cancellationToken = TestContext.CancellationToken;
        await using var server = await PasswordCheckingServer.StartAsync(Password, ["staging", "production"], cancellationToken);
        var wrongPassword = Password + "-wrong";
        var stagingUrl = PostgresUri(server, Password, "staging");
        var productionUrl = ConnectionString(server, SingleQuoted(Password), "production");
        var localUrl = ConnectionString(server, DoubleQuoted(Password), database: null);
        var staging = new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = stagingUrl };
        var both = new Dictionary<string, string>(staging) { ["SUPABASE_PRODUCTION_URL"] = productionUrl };

        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write($"migrations/{Customers}.sql", "create table customers (id int primary key, email text);\n");
        project.Write($"migrations/{Customers}_rollback.sql", "drop table customers;\n");
        var logs = Path.Combine(project.Root, "logs");
        Directory.CreateDirectory(logs);
        var outputs = new List<DotnetResult>();
        var binlogs = new List<string>();
        DotnetResult Run(string target, Dictionary<string, string> variables, params string[] arguments)
        {
            var binlog = Path.Combine(logs, $"{outputs.Count + 1:00}-{target}.binlog");
            var result = project.Msbuild(target, variables, [$"-bl:{binlog}", .. arguments]);
            outputs.Add(result);
            binlogs.Add(binlog);
            return result;
        }

        // ValidateMigrations, as part of the build, with the URLs in the environment.
        BuildAssert.Succeeded(Run("Build", both));

        // TestMigration on Staging (URI) leaves the evidence production asks for; on Local, a key=value server URL.
        var stagingTest = Run("TestMigration", staging);
        BuildAssert.Succeeded(stagingTest);
        StringAssert.Contains(stagingTest.Output, $"Proved {Customers} on Staging in ");
        var localTest = Run("TestMigration", new Dictionary<string, string> { ["MIGRATIONS_LOCAL_URL"] = localUrl });
        BuildAssert.Succeeded(localTest);
        StringAssert.Contains(localTest.Output, $"Proved {Customers} on Local in ");

        // DeployMigration on Production (key=value), confirmed and with the staging evidence present.
        var productionDeploy = Run("DeployMigration", new Dictionary<string, string>(both) { ["CONFIRM_PRODUCTION"] = "true" });
        BuildAssert.Succeeded(productionDeploy);
        StringAssert.Contains(productionDeploy.Output, "Environment: Production — host 127.0.0.1:");
        StringAssert.Contains(productionDeploy.Output, $"Applied {Customers} to Production in ");

        // MigrationStatus of both, as JSON in a file; then as Markdown with every environment variable logged (MIG1025).
        var jsonFile = Path.Combine(project.Root, "status", "status.json");
        BuildAssert.Succeeded(Run("MigrationStatus", both, "-p:MigrationsStatusFormat=json", $"-p:MigrationsStatusFile={jsonFile}"));
        using (var json = JsonDocument.Parse(File.ReadAllText(jsonFile)))
        {
            var states = json.RootElement.GetProperty("migrations").EnumerateArray()
                .Select(row => $"{row.GetProperty("environment").GetString()} {row.GetProperty("state").GetString()}")
                .ToArray();
            CollectionAssert.AreEqual(new[] { "Staging applied", "Production applied" }, states);
        }

        var markdownFile = Path.Combine(project.Root, "status", "status.md");
        var logsEverything = new Dictionary<string, string>(both) { ["MSBUILDLOGALLENVIRONMENTVARIABLES"] = "1" };
        var exposed = Run("MigrationStatus", logsEverything, "-p:MigrationsStatusFormat=markdown", $"-p:MigrationsStatusFile={markdownFile}");
        BuildAssert.Succeeded(exposed);
        StringAssert.Contains(exposed.Output, "warning MIG1025: MSBUILDLOGALLENVIRONMENTVARIABLES is set, so MSBuild writes every environment variable into the binary log (-bl) and diagnostic logs: they will contain SUPABASE_STAGING_URL, database password included.");
        Assert.HasCount(1, exposed.Lines.Where(line => line.Contains("warning MIG1025", StringComparison.Ordinal)).ToList(), exposed.ToString());
        var exposedBinlog = binlogs[^1];

        // RollbackMigration on Staging (unconfirmed, so Staging), the latest applied.
        var rollback = Run("RollbackMigration", staging);
        BuildAssert.Succeeded(rollback);
        StringAssert.Contains(rollback.Output, $"Rolled back {Customers} on Staging");

        // An SQL error part way through a no-transaction migration (MIG1007) leaves it partial; ResolveMigration settles it.
        var indexes = project.Write($"migrations/{Indexes}.sql", "-- migrations:no-transaction\ncreate index concurrently customers_id on customers (id);\ncreate index concurrently customers_email on customers (emial);\n");
        project.Write($"migrations/{Indexes}_rollback.sql", "-- migrations:no-transaction\ndrop index concurrently if exists customers_email;\ndrop index concurrently if exists customers_id;\n");
        var failed = Run("DeployMigration", staging, "-p:MigrationsEnvironment=Staging");
        BuildAssert.Failed(failed);
        BuildAssert.HasDiagnostic(failed, "error", indexes, 3, 1, "MIG1007", "column \"emial\" does not exist (SQLSTATE 42703)…", project.ProjectPath);
        await server.ExecuteAsync("staging", "drop index customers_id", cancellationToken);
        var resolved = Run("ResolveMigration", staging, "-p:MigrationsEnvironment=Staging", $"-p:Migration={Indexes}", "-p:As=rolled_back", "-p:Reason=dropped customers_id by hand");
        BuildAssert.Succeeded(resolved);

        // Failures that quote the driver: a closed port, then a wrong password (each with the password in the URL).
        var closedPort = Engine.Local.FreeTcpPort.OnLoopback();
        var unreachable = Run("MigrationStatus", new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = PostgresUri(server, Password, "staging", closedPort) + "?connect_timeout=5" });
        BuildAssert.Failed(unreachable);
        StringAssert.Contains(unreachable.Output, $"error MIG1001: Cannot connect to Staging (SUPABASE_STAGING_URL) at 127.0.0.1:{closedPort}, database staging, user deploy: the connection was refused");
        var refused = Run("MigrationStatus", new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = ConnectionString(server, SingleQuoted(wrongPassword), "staging") });
        BuildAssert.Failed(refused);
        StringAssert.Contains(refused.Output, "error MIG1001: Cannot connect to Staging (SUPABASE_STAGING_URL) at 127.0.0.1:");
        StringAssert.Contains(refused.Output, ": authentication failed (password authentication failed for user \"deploy\", SQLSTATE 28P01)");

        // Everything the runs left behind.
        var secrets = Forms(Password).Concat(Forms(wrongPassword)).Distinct().ToList();
        var places = new List<(string Where, string Text)>();
        places.AddRange(outputs.Select(output => ($"console of dotnet {output.Arguments}", output.Output)));
        var replayed = new ConcurrentDictionary<string, string>();
        Parallel.ForEach(binlogs.Where(binlog => binlog != exposedBinlog), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, binlog => replayed[binlog] = Replay(binlog));
        places.AddRange(replayed.Select(log => ($"binary log {log.Key}", log.Value)));
        places.Add(("staging history", await server.HistoryTextAsync("staging", cancellationToken)));
        places.Add(("production history", await server.HistoryTextAsync("production", cancellationToken)));
        places.Add((jsonFile, File.ReadAllText(jsonFile)));
        places.Add((markdownFile, File.ReadAllText(markdownFile)));
        foreach (var (where, text) in places)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, $"the password, written as {secret}, is in the {where}");
            }
        }

        // What MIG1025 warns of is real: that one binary log holds the URL, password and all.
        StringAssert.Contains(Replay(exposedBinlog), stagingUrl, "MSBUILDLOGALLENVIRONMENTVARIABLES put the URL in the binary log");
    }

    private static string PostgresUri(PasswordCheckingServer server, string password, string database, int? port = null) =>
        $"postgres://{PasswordCheckingServer.User}:{Uri.EscapeDataString(password)}@{server.Host}:{port ?? server.Port}/{database}";

    private static string ConnectionString(PasswordCheckingServer server, string quotedPassword, string? database) =>
        $"Host={server.Host};Port={server.Port};Username={PasswordCheckingServer.User};Password={quotedPassword}" + (database is null ? string.Empty : $";Database={database}");

    /// <summary>Npgsql's quoting of a value holding ';': single quotes, with a quote inside doubled.</summary>
    private static string SingleQuoted(string password) => $"'{password.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string DoubleQuoted(string password) => $"\"{password.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>Every way the password could be written out: as is, percent-encoded, quoted, JSON-escaped, and the part before the 'é' (in case a log changes its encoding).</summary>
    private static IEnumerable<string> Forms(string password) =>
    [
        password,
        Uri.EscapeDataString(password),
        SingleQuoted(password),
        DoubleQuoted(password),
        JsonSerializer.Serialize(password)[1..^1],
        password[..password.IndexOf('é', StringComparison.Ordinal)],
    ];

    /// <summary>
    /// Replays a binary log into a diagnostic-verbosity text log. The replaying process logs every environment
    /// variable the binary log holds: without MSBUILDLOGALLENVIRONMENTVARIABLES its own text logger would print only
    /// the MSBUILD*, DOTNET* and COMPLUS* ones and hide a URL that a log viewer would show.
    /// </summary>
    private static string Replay(string binlog)
    {
        var text = Path.ChangeExtension(binlog, ".txt");
        var result = DotnetCli.Run(
            Path.GetDirectoryName(binlog)!,
            new Dictionary<string, string> { ["MSBUILDLOGALLENVIRONMENTVARIABLES"] = "1" },
            "msbuild", binlog, "-noconlog", "-fl", $"-flp:logfile={text};verbosity=diagnostic");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        return File.ReadAllText(text, Encoding.UTF8);
    }
}
