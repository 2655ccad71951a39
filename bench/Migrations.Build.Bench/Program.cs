using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Migrations.Build.BenchSupport;
using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Bench;

/// <summary>
/// Usage:
///   dotnet run -c Release --project bench/Migrations.Build.Bench [-- [--pairs 1000,10000] [--runs 7] [--help]]
///   dotnet run -c Release --project bench/Migrations.Build.Bench -- corpus DIR PAIRS   (writes a corpus and exits; used by incremental.sh)
/// </summary>
internal static class Program
{
    // MB here is 10^6 bytes of UTF-8 input (the files' size on disk), the unit the targets are stated in.
    private const double Megabyte = 1_000_000;

    private const int WarmupRuns = 3;

    private static int Main(string[] args)
    {
        if (args.Length >= 1 && args[0] == "corpus")
        {
            if (args.Length != 3 || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var count))
            {
                Console.Error.WriteLine("usage: corpus DIR PAIRS");
                return 2;
            }

            var info = CorpusGenerator.Write(args[1], count);
            Console.WriteLine($"wrote {info.Files} files, {info.Bytes:N0} bytes, to {info.Directory}");
            return 0;
        }

        var options = new BenchOptions(
            "dotnet run -c Release --project bench/Migrations.Build.Bench --",
            "or:    dotnet run -c Release --project bench/Migrations.Build.Bench -- corpus DIR PAIRS   (writes a corpus and exits)");
        var pairCounts = options.PositiveIntegers("pairs", [1_000, 10_000], "corpus sizes to measure, in migration pairs");
        var runsOption = options.PositiveInteger("runs", 7, "measured runs of each case, after the warm-up runs");
        if (options.Parse(args, Console.Out, Console.Error) is { } exitCode)
        {
            return exitCode;
        }

        var runs = runsOption.Value;

#if DEBUG
        Console.WriteLine("WARNING: Debug build; numbers are meaningless. Run with -c Release.");
#endif
        Console.WriteLine($"Machine: {MachineDescription.Current()}");
        var results = new List<Row>();
        var breakdowns = new List<string>();
        foreach (var pairs in pairCounts.Value)
        {
            var root = Path.Combine(Path.GetTempPath(), $"migrations-bench-{Environment.ProcessId}-{pairs}");
            try
            {
                var corpus = CorpusGenerator.Write(root, pairs);
                Console.WriteLine($"N={pairs:N0}: {corpus.Files:N0} files, {corpus.Bytes / Megabyte:F1} MB in {root}");
                var failure = CheckCorpusIsClean(corpus);
                if (failure is not null)
                {
                    Console.Error.WriteLine(failure);
                    return 1;
                }

                results.AddRange(Measure(corpus, pairs, runs, out var breakdown));
                breakdowns.Add(breakdown);
            }
            finally
            {
                // Always clean up: a 10,000-pair corpus is tens of MB in the temp folder.
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Median of {runs} runs after {WarmupRuns} warm-up runs; single thread; files in the OS page cache (warm). Throughput from the median; the other columns are medians of their own.");
        Console.WriteLine();
        Console.WriteLine("| N pairs | benchmark | median | min | files/s | MB/s | allocated | alloc/input | GC pause | GCs (0+1+2) | minor page faults | user CPU | kernel CPU |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in results)
        {
            Console.WriteLine(row.ToMarkdown());
        }

        foreach (var breakdown in breakdowns)
        {
            Console.WriteLine();
            Console.Write(breakdown);
        }

        return 0;
    }

    /// <summary>The generator promises valid SQL; a diagnostic means the corpus measures an error path instead.</summary>
    private static string? CheckCorpusIsClean(CorpusInfo corpus)
    {
        var sw = Stopwatch.StartNew();
        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(corpus.Directory, corpus.Directory));
        // The first call for the first size is what one build's task host pays: tier-0 JIT and a cold GC heap (the
        // files are in the page cache, having just been written). For later sizes the code is already jitted.
        Console.WriteLine($"  first Validate call for this size: {sw.Elapsed.TotalMilliseconds:F0} ms");
        // Warnings are part of realistic work (the lint flags what a reviewer would); errors would mean the corpus,
        // not the code, is broken, and that a different amount of work is being measured.
        if (!validation.HasErrors && validation.Set.Pairs.Count * 2 == corpus.Files)
        {
            Console.WriteLine($"  corpus validates with {validation.Diagnostics.Count} warning(s) and no errors");
            return null;
        }

        var first = validation.Diagnostics.Take(5).Select(d => $"  {d.Code} {d.Location} {d.Message}");
        return $"Generated corpus is not clean ({validation.Diagnostics.Count} diagnostics, {validation.Set.Pairs.Count} pairs):\n{string.Join('\n', first)}";
    }

    private static IEnumerable<Row> Measure(CorpusInfo corpus, int pairs, int runs, out string breakdown)
    {
        var options = new MigrationDiscoveryOptions(corpus.Directory, corpus.Directory);
        var rows = new List<Row>();

        // (a) The whole in-process validation, exactly what the task runs: enumerate, read, decode, checksum, lex,
        // split, check, suppress, sort. GetTotalAllocatedBytes(precise) rather than the per-thread counter in case
        // any part of the engine ever goes wide.
        rows.Add(Run($"{pairs:N0}", "(a) MigrationValidator.Validate", corpus.Files, corpus.Bytes, runs, precise: true, () =>
        {
            var validation = MigrationValidator.Validate(options);
            return validation.Set.Files.Count;
        }));

        // (a') The same with a warm validation cache (what a database target after a build, or a build after a one-file
        // change, runs): every file still read, decoded and checksummed, but nothing lexed or analysed again. Each run
        // finds the cache the previous run left; the first (untimed warm-up) writes it.
        var cacheDirectory = Path.Combine(Path.GetTempPath(), $"migrations-bench-cache-{Environment.ProcessId}-{pairs}");
        rows.Add(Run($"{pairs:N0}", "(a') Validate, warm validation cache", corpus.Files, corpus.Bytes, runs, precise: true, () =>
        {
            var validation = MigrationValidator.Validate(options, cacheDirectory: cacheDirectory);
            return validation.Set.Files.Count;
        }));
        Directory.Delete(cacheDirectory, recursive: true);

        // The texts held in memory, decoded the way discovery decodes them, so (b) and (c) measure no I/O.
        var paths = Directory.GetFiles(corpus.Directory, "*.sql").Order(StringComparer.Ordinal).ToArray();
        var texts = paths.Select(path => MigrationText.TryDecode(File.ReadAllBytes(path), out _)!.Text).ToArray();

        // (b) Lexing + statement splitting + syntax checks, one thread, no I/O.
        rows.Add(Run($"{pairs:N0}", "(b) SqlScript.Parse + SqlSyntaxChecker.Check", corpus.Files, corpus.Bytes, runs, precise: false, () =>
        {
            var diagnostics = 0;
            for (var i = 0; i < texts.Length; i++)
            {
                diagnostics += SqlSyntaxChecker.Check(paths[i], SqlScript.Parse(texts[i])).Count;
            }

            return diagnostics;
        }));

        // (c) The bare scanner: no token list, no statements; the ceiling for everything built on it.
        long tokenCount = 0;
        rows.Add(Run($"{pairs:N0}", "(c) SqlLexer.TryRead loop", corpus.Files, corpus.Bytes, runs, precise: false, () =>
        {
            var count = 0;
            foreach (var text in texts)
            {
                var lexer = new SqlLexer(text);
                while (lexer.TryRead(out _))
                {
                    count++;
                }
            }

            tokenCount = count;
            return count;
        }));

        breakdown = Breakdown(corpus, pairs, paths, texts, rows[0], tokenCount, runs);
        return rows;
    }

    /// <summary>
    /// Where the time of (a) goes: the stages Validate runs, each timed on its own over the whole corpus through the
    /// engine's public entry points. What (a) takes beyond their sum is discovery's own work (enumerating, sorting
    /// and parsing file names, pairing), the suppression pass and the final sort.
    /// </summary>
    private static string Breakdown(CorpusInfo corpus, int pairs, string[] paths, string[] texts, Row validate, long tokens, int runs)
    {
        var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bytes = paths.Select(File.ReadAllBytes).ToArray();
        var scripts = texts.Select(SqlScript.Parse).ToArray();
        long sink = 0;

        // Each stage times only its own work; inputs it needs (bytes, texts, parsed scripts) are prepared above.
        var stages = new (string Name, Action Body)[]
        {
            ("read: File.ReadAllBytes", () =>
            {
                foreach (var path in paths)
                {
                    sink += File.ReadAllBytes(path).Length;
                }
            }),
            ("decode: MigrationText.TryDecode (UTF-8 check + GetString + checksum)", () =>
            {
                foreach (var content in bytes)
                {
                    sink += MigrationText.TryDecode(content, out _)!.Text.Length;
                }
            }),
            ("&nbsp;&nbsp;part: strict UTF8Encoding.GetString alone", () =>
            {
                foreach (var content in bytes)
                {
                    sink += strictUtf8.GetString(content).Length;
                }
            }),
            ("&nbsp;&nbsp;part: MigrationText.ComputeChecksum alone", () =>
            {
                foreach (var text in texts)
                {
                    sink += MigrationText.ComputeChecksum(text).Length;
                }
            }),
            ("parse: SqlScript.Parse (lex + split)", () =>
            {
                foreach (var text in texts)
                {
                    sink += SqlScript.Parse(text).Statements.Count;
                }
            }),
            ("&nbsp;&nbsp;part: SqlLexer.Read alone (tokens into a list, no splitting)", () =>
            {
                foreach (var text in texts)
                {
                    sink += SqlLexer.Read(text).Count;
                }
            }),
            ("check: SqlSyntaxChecker.Check (scripts already parsed)", () =>
            {
                for (var i = 0; i < scripts.Length; i++)
                {
                    sink += SqlSyntaxChecker.Check(paths[i], scripts[i]).Count;
                }
            }),
        };

        var builder = new StringBuilder();
        builder.AppendLine($"Breakdown of (a) for N={pairs:N0} ({corpus.Bytes / Megabyte:F1} MB, {tokens:N0} tokens), median of {runs} runs, each stage timed on its own:");
        builder.AppendLine();
        builder.AppendLine("| stage | median ms | share of (a) | MB/s |");
        builder.AppendLine("|---|---:|---:|---:|");
        var aMs = validate.Median.TotalMilliseconds;
        double accounted = 0;
        foreach (var (name, body) in stages)
        {
            for (var w = 0; w < WarmupRuns; w++)
            {
                body();
                Thread.Sleep(250); // as in Run: let tiered JIT finish outside the measured runs
            }

            var times = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var sw = Stopwatch.StartNew();
                body();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            var ms = times[times.Count / 2];
            if (!name.StartsWith('&'))
            {
                accounted += ms;
            }

            builder.AppendLine($"| {name} | {ms:F1} | {100 * ms / aMs:F0}% | {corpus.Bytes / Megabyte / (ms / 1000):F0} |");
        }

        // What one result keeps alive: every file's text, token list and statements stay reachable from the
        // MigrationSet until validation returns, which is what turns a big corpus's garbage into gen1/gen2 survivors.
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var held = MigrationValidator.Validate(new MigrationDiscoveryOptions(corpus.Directory, corpus.Directory));
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        var retained = heapAfter - heapBefore;

        var rest = aMs - accounted;
        builder.AppendLine($"| rest: enumerate/sort/name parsing, pairing, GC of the stages' garbage, final sort | {rest:F1} | {100 * rest / aMs:F0}% | |");
        builder.AppendLine($"| **(a) Validate, total** | {aMs:F1} | 100% | {corpus.Bytes / Megabyte / (aMs / 1000):F0} |");
        builder.AppendLine();
        builder.AppendLine($"Live heap held by one MigrationValidation result: {retained / Megabyte:F1} MB ({(double)retained / corpus.Bytes:F1}x the input); " +
            $"sizeof(SqlToken) = {Unsafe.SizeOf<SqlToken>()} bytes, {(double)corpus.Bytes / tokens:F1} input bytes per token.");
        GC.KeepAlive(sink);
        return builder.ToString();
    }

    private static Row Run(string pairs, string name, int files, long bytes, int runs, bool precise, Func<long> body)
    {
        // Warm-up: the page cache holds the files and tiered JIT reaches optimised code. Tier-up waits until no new
        // method has been jitted for 100 ms, and it compiles on a background thread, so pausing between warm-up runs
        // lets it finish instead of running (and charging) it inside the measured runs.
        for (var w = 0; w < WarmupRuns; w++)
        {
            GC.KeepAlive(body());
            Thread.Sleep(250);
        }

        var times = new List<TimeSpan>();
        var allocations = new List<long>();
        var pauses = new List<TimeSpan>();
        var collections = new List<int>();
        var faults = new List<long>();
        var kernel = new List<TimeSpan>();
        var user = new List<TimeSpan>();
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            // Collect first so one run's garbage is not charged to the next run's pauses.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = precise ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
            var pauseBefore = GC.GetTotalPauseDuration();
            var collectionsBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
            var faultsBefore = MinorPageFaults();
            process.Refresh();
            var kernelBefore = process.PrivilegedProcessorTime;
            var userBefore = process.UserProcessorTime;
            var sw = Stopwatch.StartNew();
            GC.KeepAlive(body());
            sw.Stop();
            var after = precise ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
            times.Add(sw.Elapsed);
            allocations.Add(after - before);
            // Counted per generation, so a gen2 collection (which also collects gen0 and gen1) counts three times.
            collections.Add(GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - collectionsBefore);
            pauses.Add(GC.GetTotalPauseDuration() - pauseBefore);
            // Page faults and kernel time show the cost of first touching memory (fresh GC regions, file buffers), which
            // no managed counter sees and which dominates on VMs that reclaim idle guest memory.
            faults.Add(MinorPageFaults() - faultsBefore);
            process.Refresh();
            kernel.Add(process.PrivilegedProcessorTime - kernelBefore);
            // CPU well below wall time means the run waited (I/O, or a hypervisor that took the core away).
            user.Add(process.UserProcessorTime - userBefore);
        }

        times.Sort();
        allocations.Sort();
        pauses.Sort();
        collections.Sort();
        faults.Sort();
        kernel.Sort();
        user.Sort();
        var middle = times.Count / 2;
        return new Row(pairs, name, files, bytes, times[middle], times[0], allocations[middle], pauses[middle], collections[middle], faults[middle], user[middle], kernel[middle]);
    }

    /// <summary>Field 10 of /proc/self/stat (minflt); -1 where there is no procfs.</summary>
    private static long MinorPageFaults()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // The command name (field 2) is in parentheses and may hold spaces; count fields after its closing ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private sealed record Row(string Pairs, string Name, int Files, long Bytes, TimeSpan Median, TimeSpan Min, long Allocated, TimeSpan GcPause, int Collections, long PageFaults, TimeSpan UserTime, TimeSpan KernelTime)
    {
        public string ToMarkdown()
        {
            var seconds = Median.TotalSeconds;
            return $"| {Pairs} | {Name} | {Median.TotalMilliseconds:F1} ms | {Min.TotalMilliseconds:F1} ms | {Files / seconds:N0} | {Bytes / Megabyte / seconds:F1} | {Allocated / Megabyte:F1} MB | {(double)Allocated / Bytes:F2}x | {GcPause.TotalMilliseconds:F1} ms | {Collections} | {(PageFaults < 0 ? "n/a" : PageFaults.ToString("N0", CultureInfo.InvariantCulture))} | {UserTime.TotalMilliseconds:F0} ms | {KernelTime.TotalMilliseconds:F0} ms |";
        }
    }
}
