using System.Diagnostics;
using System.Globalization;
using Migrations.Build.BenchSupport;
using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.DeployBench;

/// <summary>
/// Usage: dotnet run -c Release --project bench/Migrations.Build.DeployBench [-- [--migrations 500] [--runs 3] [--help]]
/// Needs PostgreSQL server binaries (a throwaway cluster is started, as for the database tests) and psql.
///   dotnet run -c Release --project bench/Migrations.Build.DeployBench -- corpus DIR MIGRATIONS   (writes a corpus and exits; used by bench/peers/deploy.sh)
/// </summary>
internal static class Program
{
    private const string PsqlPath = "/usr/bin/psql";

    private static int migrations = 500;
    private static int runs = 3;

    private static async Task<int> Main(string[] args)
    {
        // The side-by-side scripts in bench/peers need the same bytes on disk without a database or a measurement.
        if (args.Length >= 1 && args[0] == "corpus")
        {
            if (args.Length != 3 || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                Console.Error.WriteLine("usage: corpus DIR MIGRATIONS");
                return 2;
            }

            var written = CorpusGenerator.Write(args[1], count);
            Console.WriteLine($"wrote {written.ForwardPaths.Count} migrations, {written.Statements} statements, {written.Bytes:N0} bytes of forward SQL, to {written.Directory}");
            return 0;
        }

        var options = new BenchOptions(
            "dotnet run -c Release --project bench/Migrations.Build.DeployBench --",
            "Needs PostgreSQL server binaries (or MIGRATIONS_TEST_DATABASE_URL) and /usr/bin/psql.");
        var migrationsOption = options.PositiveInteger("migrations", migrations, "migrations in the generated corpus");
        var runsOption = options.PositiveInteger("runs", runs, "measured rounds of (a), (b) and the layers");
        if (options.Parse(args, Console.Out, Console.Error) is { } exitCode)
        {
            return exitCode;
        }

        migrations = migrationsOption.Value;
        runs = runsOption.Value;

#if DEBUG
        Console.WriteLine("WARNING: Debug build; numbers are meaningless. Run with -c Release.");
#endif
        var root = Path.Combine(Path.GetTempPath(), $"migrations-deploybench-{Environment.ProcessId}");
        try
        {
            return await RunAsync(root);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            await PostgresServer.StopAsync();
        }
    }

    private static async Task<int> RunAsync(string root)
    {
        var corpus = CorpusGenerator.Write(Path.Combine(root, "migrations"), migrations);
        Console.WriteLine($"{migrations} migrations, {corpus.Statements} statements ({(double)corpus.Statements / migrations:F1} per migration), {corpus.Bytes:N0} bytes of forward SQL, in {corpus.Directory}");

        // Discovery is what a build hands to DeployOperation; it is timed here but not counted in (a), because psql
        // is handed file names and (a) is handed pairs already read. It is reported so the omission is visible.
        var clock = Stopwatch.StartNew();
        var set = MigrationDiscovery.Discover(new MigrationDiscoveryOptions(corpus.Directory));
        var discoverCold = clock.Elapsed;
        if (set.HasErrors || set.Pairs.Count != migrations)
        {
            Console.Error.WriteLine($"Generated corpus is not clean: {set.Pairs.Count} pairs; {string.Join("; ", set.Diagnostics.Take(5))}");
            return 1;
        }

        // A deploy of files the validator rejects would measure a corpus no build would let through.
        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(corpus.Directory));
        if (validation.HasErrors)
        {
            Console.Error.WriteLine($"Generated corpus fails validation: {string.Join("; ", validation.Diagnostics.Where(d => d.IsError).Take(5))}");
            return 1;
        }

        var warnings = string.Join(", ", validation.Diagnostics.GroupBy(d => d.Code).Select(g => $"{g.Count()} {g.Key}"));
        Console.WriteLine($"corpus validates with no errors and {validation.Diagnostics.Count} warning(s){(warnings.Length > 0 ? $" ({warnings})" : string.Empty)}");
        var pairs = set.Pairs;
        var psql = new Psql(PsqlPath);
        var driver = Psql.WriteDriver(Path.Combine(root, "driver.sql"), corpus.ForwardPaths);

        var server = await PostgresServer.GetAsync();
        await PrintMachineAsync(server);

        // (a) cold: the first deploy in this process, JIT and all — what one build's task host pays.
        var cold = await MeasureOursAsync(corpus, pairs);
        Console.WriteLine($"(a) cold, first deploy in the process: {Ms(cold.Elapsed)}");
        // Tiered JIT promotes hot methods on a background thread once no new method has been jitted for 100 ms;
        // the pause lets that land before the measured runs instead of inside them.
        await Task.Delay(500);

        var ours = new List<Measurement>();
        var oneConnection = new List<Measurement>();
        var bare = new List<Measurement>();
        var setLocal = new List<Measurement>();
        var history = new List<Measurement>();
        var wholeFile = new List<Measurement>();
        var historySteps = new List<StepTimes>();
        for (var run = 0; run < runs; run++)
        {
            // (a) and (b) run back to back, first one then the other, so their ratio within a round cancels drifts of
            // this machine that move both; the cases are rotated each round so a drift does not always land on the same one.
            var first = run % 2 == 0;
            var cases = new List<Func<Task>>
            {
                async () =>
                {
                    for (var turn = 0; turn < 2; turn++)
                    {
                        if ((turn == 0) == first)
                        {
                            ours.Add(await MeasureOursAsync(corpus, pairs));
                        }
                        else
                        {
                            oneConnection.Add(await MeasurePsqlAsync(corpus, server, db => psql.Run(db.ConnectionString, ["-X", "-q", "-f", driver])));
                        }
                    }
                },
                async () => bare.Add(await MeasureLayerAsync(corpus, pairs, new Layer(SetLocal: false, History: false, WholeFile: false))),
                async () => setLocal.Add(await MeasureLayerAsync(corpus, pairs, new Layer(SetLocal: true, History: false, WholeFile: false))),
                async () =>
                {
                    var steps = new StepTimes();
                    history.Add(await MeasureLayerAsync(corpus, pairs, new Layer(SetLocal: true, History: true, WholeFile: false), steps));
                    historySteps.Add(steps);
                },
                async () => wholeFile.Add(await MeasureLayerAsync(corpus, pairs, new Layer(SetLocal: false, History: false, WholeFile: true))),
            };
            for (var c = 0; c < cases.Count; c++)
            {
                await cases[(c + run) % cases.Count]();
            }

            Console.WriteLine($"round {run + 1}: (a) {Ms(ours[^1].Elapsed)}, (b) {Ms(oneConnection[^1].Elapsed)}, bare {Ms(bare[^1].Elapsed)}, +set {Ms(setLocal[^1].Elapsed)}, +history {Ms(history[^1].Elapsed)}, whole-file {Ms(wholeFile[^1].Elapsed)}");
        }

        // (c) is 500 processes and connections; once is enough to see its order of magnitude.
        var perFile = await MeasurePsqlAsync(corpus, server, db =>
        {
            foreach (var file in corpus.ForwardPaths)
            {
                psql.Run(db.ConnectionString, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", file]);
            }
        });
        Console.WriteLine($"(c) {Ms(perFile.Elapsed)}");

        var fixedCosts = await MeasureFixedCostsAsync(pairs);
        var traced = await TraceOursAsync(corpus, pairs);

        var baseline = Median(oneConnection);
        var oursMedian = Median(ours);
        Console.WriteLine();
        Console.WriteLine($"{migrations} migrations, {corpus.Statements} statements; medians of {runs} runs on fresh databases; (c) and the cold run once.");
        Console.WriteLine();
        Console.WriteLine("| method | total | per migration | ratio to (b) | client CPU per migration |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("(a) Migrations.Build `DeployOperation.RunAsync`, warm", oursMedian, baseline, MedianCpu(ours));
        Row("(a) same, cold (first deploy in the process, JIT included)", cold.Elapsed, baseline, cold.ClientCpu);
        Row("(b) psql, one connection, `begin; \\i file; commit;` per file", baseline, baseline, MedianCpu(oneConnection));
        Row("(c) psql `-1 -f file`, one process and connection per file", perFile.Elapsed, baseline, perFile.ClientCpu);
        Console.WriteLine();
        var ratio = oursMedian / baseline;
        var overBy = (ratio / 1.5 - 1) * 100;
        Console.WriteLine(ratio <= 1.5
            ? $"Target (a) <= 1.5x (b): met, {ratio:F2}x."
            : $"Target (a) <= 1.5x (b): missed, {ratio:F2}x ({overBy:F0}% over the 1.5x allowance).");
        // (a) and (b) of one round ran back to back, so their ratio cancels the slow drifts of this VM that move both.
        var roundRatios = ours.Zip(oneConnection, (a, b) => a.Elapsed / b.Elapsed).Order().ToList();
        Console.WriteLine($"(a)/(b) within each round: {string.Join(", ", roundRatios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}; median {(roundRatios.Count % 2 == 1 ? roundRatios[roundRatios.Count / 2] : (roundRatios[roundRatios.Count / 2 - 1] + roundRatios[roundRatios.Count / 2]) / 2):F2}x.");
        Console.WriteLine("Client CPU: user+kernel time of this process for (a) and the layers, of the psql child processes for (b) and (c) (10 ms resolution).");

        Console.WriteLine();
        Console.WriteLine("Where the time of (a) goes: the engine's protocol steps replayed with Npgsql one layer at a time, each on a fresh database, one connection opened before the clock starts, scripts parsed beforehand (medians):");
        Console.WriteLine();
        Console.WriteLine("| layer | total | per migration | added per migration | client CPU per migration |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var bareMedian = Median(bare);
        var setMedian = Median(setLocal);
        var historyMedian = Median(history);
        Layered("Npgsql: `BeginTransaction`, one command per statement, `Commit`", bareMedian, null, MedianCpu(bare));
        Layered("+ `SET LOCAL` batch (`set_config` lock_timeout, statement_timeout)", setMedian, bareMedian, MedianCpu(setLocal));
        Layered("+ history row (`HistoryStore.AppendAsync` in the transaction)", historyMedian, setMedian, MedianCpu(history));
        Layered("(a) `DeployOperation.RunAsync`", oursMedian, historyMedian, MedianCpu(ours));
        Layered("for comparison: whole file as one command (one round trip per file), no SET, no history", Median(wholeFile), null, MedianCpu(wholeFile));
        Console.WriteLine();
        Console.WriteLine($"Steps inside the last layer (engine protocol replayed), timed around each call, medians of {runs} runs:");
        Console.WriteLine();
        Console.WriteLine("| step | total | per migration |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (index, name) in StepTimes.Names.Index())
        {
            var median = Median(historySteps.Select(run => run.Total(index)).ToList());
            Console.WriteLine($"| {name} | {Ms(median)} | {PerMigration(median)} |");
        }

        Console.WriteLine();
        Console.WriteLine($"(a) itself, one extra run with an ActivityListener on Npgsql's command spans (tracing adds its own cost; this run took {Ms(traced.Total)}):");
        Console.WriteLine();
        Console.WriteLine("| what | commands | total | per migration |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, count, time) in traced.Categories)
        {
            Console.WriteLine($"| {name} | {count} | {Ms(time)} | {PerMigration(time)} |");
        }

        var untraced = traced.Total - traced.Categories.Aggregate(TimeSpan.Zero, (sum, category) => sum + category.Time);
        Console.WriteLine($"| not inside any traced command: {migrations} `COMMIT` round trips, engine work between commands (script parse, history row, logging), connection close | | {Ms(untraced)} | {PerMigration(untraced)} |");
        Console.WriteLine();
        Console.WriteLine("Fixed costs, once per deploy (medians):");
        Console.WriteLine();
        Console.WriteLine("| step | time |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| open a connection (Pooling=false) | {Ms(fixedCosts.Open)} |");
        Console.WriteLine($"| `LockedSession.OpenAsync` + dispose on an empty database: open, advisory lock, create history table, unlock | {Ms(fixedCosts.Session)} |");
        Console.WriteLine($"| `HistoryStore.ReadAllAsync` on an empty history table | {Ms(fixedCosts.ReadHistory)} |");
        Console.WriteLine($"| `new MigrationScript` (lex + split) for all {migrations} forwards, in memory | {Ms(fixedCosts.Parse)} |");
        Console.WriteLine($"| `MigrationDiscovery.Discover` of the folder (not in (a)); first call, cold | {Ms(discoverCold)} |");
        Console.WriteLine($"| one `select 1` round trip over Npgsql | {Us(fixedCosts.RoundTrip)} |");
        return 0;
    }

    private sealed record Measurement(TimeSpan Elapsed, TimeSpan ClientCpu);

    private sealed record Layer(bool SetLocal, bool History, bool WholeFile);

    /// <summary>Time spent per protocol step over one run, accumulated with timestamps so the clock costs nothing.</summary>
    private sealed class StepTimes
    {
        public const int BeginAndSettings = 0;
        public const int Statements = 1;
        public const int HistoryInsert = 2;
        public const int Commit = 3;

        public static readonly string[] Names =
        [
            "`BEGIN` (sent with the next command) + `SET LOCAL` batch",
            "migration statements, one command each",
            "history row insert (`HistoryStore.AppendAsync`)",
            "`COMMIT`",
        ];

        private readonly long[] _ticks = new long[Names.Length];

        public long Add(int step, long since)
        {
            var now = Stopwatch.GetTimestamp();
            _ticks[step] += now - since;
            return now;
        }

        public TimeSpan Total(int step) => Stopwatch.GetElapsedTime(0, _ticks[step]);
    }

    private sealed record Traced(TimeSpan Total, IReadOnlyList<(string Name, int Count, TimeSpan Time)> Categories);

    private sealed record FixedCosts(TimeSpan Open, TimeSpan Session, TimeSpan ReadHistory, TimeSpan Parse, TimeSpan RoundTrip);

    /// <summary>(a): the whole deploy as a build runs it, on a fresh database, connection open and lock included.</summary>
    private static async Task<Measurement> MeasureOursAsync(Corpus corpus, IReadOnlyList<MigrationPair> pairs)
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("deploybench_ours");
        var log = new CollectingLog();
        var context = new OperationContext("bench", database.ConnectionString, HistoryLocation.Default, new ExecutionSettings(), TimeSpan.FromSeconds(30), log);
        await SettleAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var outcome = await DeployOperation.RunAsync(context, pairs, selector: null, allowOutOfOrder: false, CancellationToken.None);
        var elapsed = clock.Elapsed;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (!outcome.Succeeded || outcome.Done.Count != pairs.Count)
        {
            throw new InvalidOperationException($"deploy failed after {outcome.Done.Count} migrations: {string.Join("; ", log.Diagnostics.Take(3))}");
        }

        await VerifyAsync(database, corpus, expectHistory: true);
        return new Measurement(elapsed, clientCpu);
    }

    private static async Task<Measurement> MeasurePsqlAsync(Corpus corpus, RunningPostgresServer server, Action<TestDatabase> run)
    {
        await using var database = await server.CreateDatabaseAsync("deploybench_psql");
        await SettleAsync();
        var cpu = ChildrenCpu();
        var clock = Stopwatch.StartNew();
        run(database);
        var elapsed = clock.Elapsed;
        var clientCpu = ChildrenCpu() - cpu;
        await VerifyAsync(database, corpus, expectHistory: false);
        return new Measurement(elapsed, clientCpu);
    }

    /// <summary>
    /// The engine's per-migration protocol rebuilt from the outside, one layer at a time, so the difference between
    /// layers is the price of that layer. Same statements, same settings batch, same history row as the engine sends.
    /// </summary>
    private static async Task<Measurement> MeasureLayerAsync(Corpus corpus, IReadOnlyList<MigrationPair> pairs, Layer layer, StepTimes? steps = null)
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("deploybench_layer");
        var scripts = pairs.Select(pair => new MigrationScript(pair.Forward.Path, pair.Forward.Content!.Text)).ToList();
        var store = new HistoryStore(HistoryLocation.Default);
        var settings = new ExecutionSettings();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, CommandTimeout = 0, IncludeErrorDetail = true }.ConnectionString);
        await connection.OpenAsync();
        if (layer.History)
        {
            await store.EnsureCreatedAsync(connection, CancellationToken.None);
        }

        await SettleAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            var script = scripts[i];
            var started = DateTimeOffset.UtcNow;
            var migrationClock = Stopwatch.StartNew();
            var step = Stopwatch.GetTimestamp();
            await using var transaction = await connection.BeginTransactionAsync();
            if (layer.SetLocal)
            {
                await using var limits = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
                limits.BatchCommands.Add(SetLocal("lock_timeout", settings.LockTimeout));
                limits.BatchCommands.Add(SetLocal("statement_timeout", settings.StatementTimeout));
                await limits.ExecuteNonQueryAsync();
            }

            step = steps?.Add(StepTimes.BeginAndSettings, step) ?? step;

            if (layer.WholeFile)
            {
                // Npgsql splits a parameterless multi-statement text itself and sends it in one round trip.
                await using var command = new NpgsqlCommand(script.Text, connection, transaction) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync();
            }
            else
            {
                foreach (var statement in script.Sql.Statements)
                {
                    await using var command = new NpgsqlCommand(statement.Text, connection, transaction) { CommandTimeout = 0 };
                    await command.ExecuteNonQueryAsync();
                }
            }

            step = steps?.Add(StepTimes.Statements, step) ?? step;
            if (layer.History)
            {
                await store.AppendAsync(connection, transaction, new HistoryEntry
                {
                    Version = pair.Version,
                    Name = pair.Name,
                    Operation = MigrationOperation.Deploy,
                    Environment = "bench",
                    Status = HistoryStatus.Succeeded,
                    ForwardChecksum = pair.Forward.Checksum,
                    RollbackChecksum = pair.Rollback?.Checksum,
                    ForwardSql = pair.Forward.Content?.Text,
                    RollbackSql = pair.Rollback?.Content?.Text,
                    StartedAt = started,
                    FinishedAt = DateTimeOffset.UtcNow,
                    ExecutionMilliseconds = (long)migrationClock.Elapsed.TotalMilliseconds,
                    StatementsDone = script.StatementCount,
                    StatementsTotal = script.StatementCount,
                    ClientHost = Environment.MachineName,
                    ToolVersion = "bench",
                }, CancellationToken.None);
            }

            step = steps?.Add(StepTimes.HistoryInsert, step) ?? step;
            await transaction.CommitAsync();
            steps?.Add(StepTimes.Commit, step);
        }

        var elapsed = clock.Elapsed;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        await VerifyAsync(database, corpus, expectHistory: layer.History);
        return new Measurement(elapsed, clientCpu);
    }

    /// <summary>
    /// One more (a) on a fresh database with Npgsql's tracing on: each command's span from send to the end of its
    /// results, grouped by what the engine sent. Attributes the time of (a) itself, not of a replica.
    /// </summary>
    private static async Task<Traced> TraceOursAsync(Corpus corpus, IReadOnlyList<MigrationPair> pairs)
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("deploybench_traced");
        var context = new OperationContext("bench", database.ConnectionString, HistoryLocation.Default, new ExecutionSettings(), TimeSpan.FromSeconds(30), new CollectingLog());
        var categories = new Dictionary<string, (int Count, TimeSpan Time)>();
        var gate = new Lock();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Only this database: the harness's own admin connection creates and drops databases meanwhile.
                if (activity.GetTagItem("db.namespace") as string != database.Name)
                {
                    return;
                }

                var name = Categorise(activity.DisplayName, activity.GetTagItem("db.query.text") as string ?? string.Empty);
                lock (gate)
                {
                    var (count, time) = categories.GetValueOrDefault(name);
                    categories[name] = (count + 1, time + activity.Duration);
                }
            },
        };
        await SettleAsync();
        ActivitySource.AddActivityListener(listener);
        var clock = Stopwatch.StartNew();
        var outcome = await DeployOperation.RunAsync(context, pairs, selector: null, allowOutOfOrder: false, CancellationToken.None);
        var total = clock.Elapsed;
        listener.Dispose();
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("traced deploy failed");
        }

        await VerifyAsync(database, corpus, expectHistory: true);
        return new Traced(total, categories.OrderBy(pair => Array.IndexOf(TraceOrder, pair.Key)).Select(pair => (pair.Key, pair.Value.Count, pair.Value.Time)).ToList());
    }

    private static readonly string[] TraceOrder =
    [
        "connection open",
        "advisory lock and unlock",
        "history table: check, create, read",
        "`BEGIN` + `SET LOCAL` batch (`set_config` x2)",
        "migration statements",
        "history row insert",
    ];

    private static string Categorise(string displayName, string text)
    {
        if (displayName.StartsWith("CONNECT", StringComparison.Ordinal))
        {
            return TraceOrder[0];
        }

        if (text.Contains("advisory", StringComparison.Ordinal))
        {
            return TraceOrder[1];
        }

        if (text.Contains("set_config", StringComparison.Ordinal))
        {
            return TraceOrder[3];
        }

        if (text.StartsWith("insert into \"migrations_build\".\"history\"", StringComparison.Ordinal))
        {
            return TraceOrder[5];
        }

        return text.Contains("migrations_build", StringComparison.Ordinal) || text.Contains("to_regclass", StringComparison.Ordinal) ? TraceOrder[2] : TraceOrder[4];
    }

    /// <summary>
    /// Before each measured run: a CHECKPOINT writes out what earlier runs (and CREATE DATABASE) left dirty, and sync
    /// pushes it to disk, so no run pays for its predecessor's writes. fsync is off in the throwaway cluster, so
    /// without this the kernel flushes whenever it likes, in the middle of whichever method runs next.
    /// </summary>
    private static async Task SettleAsync()
    {
        var server = await PostgresServer.GetAsync();
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = new NpgsqlCommand("checkpoint", connection);
            await checkpoint.ExecuteNonQueryAsync();
        }

        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
        await sync!.WaitForExitAsync();
    }

    private static NpgsqlBatchCommand SetLocal(string setting, string value)
    {
        var command = new NpgsqlBatchCommand("select set_config($1, $2, true)");
        command.Parameters.Add(new NpgsqlParameter { Value = setting });
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    private static async Task<FixedCosts> MeasureFixedCostsAsync(IReadOnlyList<MigrationPair> pairs)
    {
        var opens = new List<TimeSpan>();
        var sessions = new List<TimeSpan>();
        var reads = new List<TimeSpan>();
        var parses = new List<TimeSpan>();
        TimeSpan roundTrip;
        await using (var database = await PostgresServer.CreateDatabaseAsync("deploybench_fixed"))
        {
            var unpooled = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
            for (var i = 0; i < 20; i++)
            {
                var clock = Stopwatch.StartNew();
                await using var connection = new NpgsqlConnection(unpooled);
                await connection.OpenAsync();
                opens.Add(clock.Elapsed);
            }

            await using (var connection = new NpgsqlConnection(unpooled))
            {
                await connection.OpenAsync();
                await using var ping = new NpgsqlCommand("select 1", connection);
                for (var i = 0; i < 200; i++)
                {
                    await ping.ExecuteScalarAsync();
                }

                const int pings = 2000;
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < pings; i++)
                {
                    await ping.ExecuteScalarAsync();
                }

                roundTrip = clock.Elapsed / pings;
            }
        }

        for (var i = 0; i < Math.Max(runs, 5); i++)
        {
            // A fresh database each time: on an empty one the session also creates the history table, as in (a).
            await using var database = await PostgresServer.CreateDatabaseAsync("deploybench_session");
            var context = new OperationContext("bench", database.ConnectionString, HistoryLocation.Default, new ExecutionSettings(), TimeSpan.FromSeconds(30), new CollectingLog());
            var clock = Stopwatch.StartNew();
            await using (var session = await LockedSession.OpenAsync(context, "deploy", CancellationToken.None))
            {
                sessions.Add(clock.Elapsed);
                clock.Restart();
                await session!.History.ReadAllAsync(session.Connection, CancellationToken.None);
                reads.Add(clock.Elapsed);
                clock.Restart();
            }

            sessions[^1] += clock.Elapsed;
        }

        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var statements = 0;
            foreach (var pair in pairs)
            {
                statements += new MigrationScript(pair.Forward.Path, pair.Forward.Content!.Text).StatementCount;
            }

            parses.Add(clock.Elapsed);
            GC.KeepAlive(statements);
        }

        return new FixedCosts(Median(opens), Median(sessions), Median(reads), Median(parses), roundTrip);
    }

    /// <summary>Every generated table must exist afterwards, so no method can look fast by doing less.</summary>
    private static async Task VerifyAsync(TestDatabase database, Corpus corpus, bool expectHistory)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using (var tables = new NpgsqlCommand("select count(*) from pg_catalog.pg_tables where schemaname = 'public' and tablename = any($1)", connection))
        {
            tables.Parameters.Add(new NpgsqlParameter { Value = corpus.Tables.ToArray() });
            var found = (long)(await tables.ExecuteScalarAsync())!;
            if (found != corpus.Tables.Count)
            {
                throw new InvalidOperationException($"expected {corpus.Tables.Count} tables after the deploy, found {found}");
            }
        }

        // Two queries: PostgreSQL resolves every table a statement names, even in a branch that never runs.
        long rows = -1;
        await using (var exists = new NpgsqlCommand("select to_regclass($1) is not null", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = HistoryLocation.Default.QualifiedTable });
            if ((bool)(await exists.ExecuteScalarAsync())!)
            {
                await using var count = new NpgsqlCommand($"select count(*) from {HistoryLocation.Default.QualifiedTable} where status = 'succeeded'", connection);
                rows = (long)(await count.ExecuteScalarAsync())!;
            }
        }

        var expected = expectHistory ? corpus.Tables.Count : -1;
        if (rows != expected)
        {
            throw new InvalidOperationException($"expected {(expectHistory ? $"{expected} succeeded history rows" : "no history table")}, found {rows}");
        }
    }

    private static async Task PrintMachineAsync(RunningPostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine($"Machine: {MachineDescription.Current()}");
        Console.WriteLine($"PostgreSQL {reader.GetString(0)} (fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}) over TCP loopback; {server.Source}");
    }

    /// <summary>
    /// User + system CPU of this process's children that have exited and been waited for (cutime + cstime in
    /// /proc/self/stat), i.e. of the psql processes: a finished process can no longer be asked for its own times.
    /// </summary>
    private static TimeSpan ChildrenCpu()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // The command name in field 2 may hold spaces; the fields after its closing parenthesis are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        const int ClockTicksPerSecond = 100; // USER_HZ, fixed at 100 on Linux whatever the kernel's HZ.
        return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
    }

    private static TimeSpan Median(List<Measurement> values) => Median(values.Select(value => value.Elapsed).ToList());

    private static TimeSpan Median(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static TimeSpan MedianCpu(List<Measurement> values) => Median(values.Select(value => value.ClientCpu).ToList());

    private static void Row(string method, TimeSpan total, TimeSpan baseline, TimeSpan cpu) =>
        Console.WriteLine($"| {method} | {Ms(total)} | {PerMigration(total)} | {total / baseline:F2}x | {PerMigration(cpu)} |");

    private static void Layered(string layer, TimeSpan total, TimeSpan? previous, TimeSpan cpu) =>
        Console.WriteLine($"| {layer} | {Ms(total)} | {PerMigration(total)} | {(previous is null ? string.Empty : PerMigration(total - previous.Value))} | {PerMigration(cpu)} |");

    private static string PerMigration(TimeSpan total) => $"{total.TotalMilliseconds / migrations:F2} ms";

    private static string Ms(TimeSpan value) => $"{value.TotalMilliseconds:N0} ms";

    private static string Us(TimeSpan value) => $"{value.TotalMicroseconds:F0} µs";

    /// <summary>Keeps what a failure needs to be explained; progress messages are dropped, as in a quiet build log.</summary>
    private sealed class CollectingLog : IOperationLog
    {
        public List<Diagnostic> Diagnostics { get; } = [];

        public void Info(string message)
        {
        }

        public void Important(string message)
        {
        }

        public void Report(Diagnostic diagnostic) => Diagnostics.Add(diagnostic);
    }
}
