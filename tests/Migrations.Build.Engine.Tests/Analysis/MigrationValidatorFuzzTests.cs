using System.Text;
using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// Bad input never crashes or hangs validation: seeded random folders of odd names, broken bytes, unterminated SQL
/// and special files, plus a few huge inputs, go through <see cref="MigrationValidator.Validate"/> in real temp
/// folders. It returns within a bound, never throws, and every diagnostic has a catalogued code and, when it names a
/// file, a position from (1,1). A failure prints the seed that reproduces it: set MIGRATIONS_FUZZ_SEED to it and
/// MIGRATIONS_FUZZ_CASES=1 to run only that case (and a larger MIGRATIONS_FUZZ_CASES to search further locally).
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
public sealed class MigrationValidatorFuzzTests
{
    private const int DefaultSeed = 20250917;
    private const int DefaultCases = 600;

    /// <summary>
    /// Generous for a loaded CI machine: a random folder takes milliseconds and the largest input about two seconds
    /// (fifteen with 30 processes on two cores), while a hang takes forever.
    /// </summary>
    private static readonly TimeSpan CaseBound = TimeSpan.FromSeconds(60);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public void Random_folders_never_crash_or_hang_validation()
    {
        var seed = ReadSetting("MIGRATIONS_FUZZ_SEED", DefaultSeed);
        var cases = ReadSetting("MIGRATIONS_FUZZ_CASES", DefaultCases);
        for (var index = 0; index < cases; index++)
        {
            // Case i is case 0 of seed + i, so one failing case reruns alone from the seed it prints.
            var caseSeed = unchecked(seed + index);
            using var folder = Make(caseSeed);
            AssertValidates(folder.Options, folder.Root, () => $"seed {caseSeed} (case {index} of seed {seed}); {folder.Describe()}");
        }
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    [DataRow("10 MB of random bytes", "random-bytes")]
    [DataRow("10 MB string literal in one statement", "big-statement")]
    [DataRow("10 MB of text with a NUL at the end", "late-nul")]
    [DataRow("1 MB line without a newline", "long-line")]
    [DataRow("1 MB string never closed", "long-unterminated-string")]
    [DataRow("1 MB dollar quote never closed", "long-unterminated-dollar-quote")]
    [DataRow("100k nested parentheses", "nested-parentheses")]
    [DataRow("100k opening parentheses", "open-parentheses")]
    [DataRow("100k nested block comments", "nested-comments")]
    [DataRow("10k tables created and dropped", "many-statements")]
    public void Huge_inputs_never_crash_or_hang_validation(string description, string shape)
    {
        using var folder = new MigrationFolder();
        var bytes = HugeInput(shape);
        folder.WriteBytes("20250101000000_huge.sql", bytes);
        folder.WriteBytes("20250101000000_huge_rollback.sql", shape == "many-statements" ? Drops(10_000) : bytes);

        AssertValidates(new MigrationDiscoveryOptions(folder.Root), folder.Root, () => description);
    }

    private static FuzzedFolder Make(int caseSeed)
    {
        try
        {
            return FuzzedFolder.Create(new Random(caseSeed));
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"Making the folder of seed {caseSeed} failed (a generator bug, not a validator one).", exception);
        }
    }

    private static byte[] HugeInput(string shape)
    {
        const int Megabyte = 1 << 20;
        const int HundredThousand = 100_000;
        switch (shape)
        {
            case "random-bytes":
                var bytes = new byte[10 * Megabyte];
                new Random(DefaultSeed).NextBytes(bytes);
                return bytes;
            case "big-statement":
                return Encoding.UTF8.GetBytes("insert into t values ('" + new string('x', 10 * Megabyte) + "');");
            case "late-nul":
                return Encoding.UTF8.GetBytes("-- " + new string('é', 5 * Megabyte) + "\0");
            case "long-line":
                return Encoding.UTF8.GetBytes("select " + string.Join(" + ", Enumerable.Repeat("1", Megabyte / 4)) + ";");
            case "long-unterminated-string":
                return Encoding.UTF8.GetBytes("select 'it" + new string('x', Megabyte));
            case "long-unterminated-dollar-quote":
                return Encoding.UTF8.GetBytes("do $body$ begin " + new string('x', Megabyte));
            case "nested-parentheses":
                return Encoding.UTF8.GetBytes("select " + new string('(', HundredThousand) + "1" + new string(')', HundredThousand) + ";");
            case "open-parentheses":
                return Encoding.UTF8.GetBytes("create table t " + new string('(', HundredThousand));
            case "nested-comments":
                return Encoding.UTF8.GetBytes("select 1; " + string.Concat(Enumerable.Repeat("/* ", HundredThousand)));
            default:
                return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => $"create table t{i} (id int);\n")));
        }
    }

    /// <summary>
    /// Statement count, not size, drives the analysis; 10,000 is ten times the largest real migration we know of and
    /// keeps this test inside CI's budget (100,000 takes about a minute on a loaded machine: linear, but slow).
    /// </summary>
    private static byte[] Drops(int count) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Reverse().Select(i => $"drop table t{i};\n")));

    private void AssertValidates(MigrationDiscoveryOptions options, string root, Func<string> describe)
    {
        var run = Task.Run(() => MigrationValidator.Validate(options), TestContext.CancellationToken);
        try
        {
            Assert.IsTrue(run.Wait(CaseBound, TestContext.CancellationToken), $"validation did not return within {CaseBound}: {describe()}");
        }
        catch (AggregateException exception)
        {
            Assert.Fail($"validation threw {exception.InnerException}{Environment.NewLine}{describe()}");
        }

        foreach (var diagnostic in run.Result.Diagnostics)
        {
            Assert.AreSame(DiagnosticCatalog.Find(diagnostic.Code), diagnostic.Descriptor, $"{diagnostic} has a code the catalog does not define: {describe()}");
            if (diagnostic.Location.HasFile)
            {
                Assert.IsTrue(diagnostic.Location.Line >= 1 && diagnostic.Location.Column >= 1, $"{diagnostic} has no position: {describe()}");
                Assert.StartsWith(root, diagnostic.Location.FilePath, $"{diagnostic} points outside the folder: {describe()}");
            }
        }
    }

    private static int ReadSetting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) ? value : fallback;
}
