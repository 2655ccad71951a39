using Migrations.Build.BenchSupport;

namespace Migrations.Build.Bench.Tests;

[TestClass]
public sealed class BenchOptionsTests
{
    private const string Command = "dotnet run --project bench/X --";

    /// <summary>The options of bench/Migrations.Build.Bench, the one with a list flag, parsed from <paramref name="args"/>.</summary>
    private sealed class Parsed
    {
        private readonly BenchOption<IReadOnlyList<int>> _pairs;
        private readonly BenchOption<int> _runs;
        private readonly StringWriter _output = new();
        private readonly StringWriter _error = new();

        public Parsed(params string[] args)
        {
            var options = new BenchOptions(Command, "or: corpus DIR PAIRS");
            _pairs = options.PositiveIntegers("pairs", [1_000, 10_000], "corpus sizes");
            _runs = options.PositiveInteger("runs", 7, "measured runs");
            ExitCode = options.Parse(args, _output, _error);
        }

        public int? ExitCode { get; }

        public string Pairs => string.Join(',', _pairs.Value);

        public int Runs => _runs.Value;

        public string Output => _output.ToString();

        public string Error => _error.ToString();
    }

    [TestMethod]
    [DataRow(new string[0], "1000,10000", 7)]
    [DataRow(new[] { "--runs", "9" }, "1000,10000", 9)]
    [DataRow(new[] { "--pairs", "500,2000" }, "500,2000", 7)]
    [DataRow(new[] { "--pairs", "2" }, "2", 7)]
    [DataRow(new[] { "--pairs", "500", "--runs", "1" }, "500", 1)]
    [DataRow(new[] { "--runs", "3", "--pairs", "10,20,30" }, "10,20,30", 3)]
    public void Declared_flags_are_read_and_the_rest_keep_their_defaults(string[] args, string pairs, int runs)
    {
        var parsed = new Parsed(args);

        Assert.IsNull(parsed.ExitCode, parsed.Error);
        Assert.AreEqual(pairs, parsed.Pairs);
        Assert.AreEqual(runs, parsed.Runs);
        Assert.AreEqual(string.Empty, parsed.Output + parsed.Error);
    }

    [TestMethod]
    [DataRow(new[] { "--run", "9" }, "unknown option '--run'; the options are --pairs, --runs, --help")]
    [DataRow(new[] { "--runs", "9", "--tables", "5" }, "unknown option '--tables'; the options are --pairs, --runs, --help")]
    [DataRow(new[] { "--RUNS", "9" }, "unknown option '--RUNS'")]
    [DataRow(new[] { "--runs=9" }, "unknown option '--runs=9'")]
    [DataRow(new[] { "-runs", "9" }, "unexpected argument '-runs'; options are written --name value")]
    [DataRow(new[] { "9" }, "unexpected argument '9'")]
    [DataRow(new[] { "--runs", "9", "extra" }, "unexpected argument 'extra'")]
    [DataRow(new[] { "--runs" }, "--runs needs a value: --runs N")]
    [DataRow(new[] { "--pairs", "1", "--runs" }, "--runs needs a value")]
    [DataRow(new[] { "--runs", "3", "--runs", "4" }, "--runs is given twice")]
    [DataRow(new[] { "--runs", "0" }, "--runs '0' is not a whole number of at least 1")]
    [DataRow(new[] { "--runs", "-1" }, "--runs '-1' is not a whole number of at least 1")]
    [DataRow(new[] { "--runs", "seven" }, "--runs 'seven' is not a whole number of at least 1")]
    [DataRow(new[] { "--runs", "7.5" }, "--runs '7.5' is not a whole number")]
    [DataRow(new[] { "--runs", "99999999999" }, "--runs '99999999999' is not a whole number")]
    [DataRow(new[] { "--runs", "" }, "--runs '' is not a whole number")]
    [DataRow(new[] { "--pairs", "500,,2000" }, "--pairs '500,,2000' is not a comma-separated list of whole numbers of at least 1")]
    [DataRow(new[] { "--pairs", "500;2000" }, "--pairs '500;2000' is not a comma-separated list")]
    [DataRow(new[] { "--pairs", "1,0" }, "--pairs '1,0' is not a comma-separated list")]
    public void Anything_else_is_refused_with_the_reason_and_the_usage(string[] args, string reason)
    {
        var parsed = new Parsed(args);

        Assert.AreEqual(BenchOptions.UsageExitCode, parsed.ExitCode);
        Assert.AreNotEqual<int?>(0, parsed.ExitCode);
        StringAssert.StartsWith(parsed.Error, "error: " + reason);
        StringAssert.Contains(parsed.Error, $"usage: {Command} [options]");
        Assert.AreEqual(string.Empty, parsed.Output);
    }

    [TestMethod]
    [DataRow("--help")]
    [DataRow("-h")]
    public void Help_prints_the_usage_and_exits_zero(string flag)
    {
        var parsed = new Parsed("--runs", "nonsense", flag);

        Assert.AreEqual(0, parsed.ExitCode);
        Assert.AreEqual(string.Empty, parsed.Error);
        Assert.AreEqual(
            $"""
            usage: {Command} [options]
              --pairs N[,N…]  corpus sizes (default 1000,10000)
              --runs N        measured runs (default 7)
              --help          print this and exit
            or: corpus DIR PAIRS

            """.ReplaceLineEndings(),
            parsed.Output);
    }

    [TestMethod]
    public void A_flag_declared_twice_is_a_mistake_in_the_program()
    {
        var options = new BenchOptions(Command);
        options.PositiveInteger("runs", 1, "runs");

        Assert.ThrowsExactly<ArgumentException>(() => options.PositiveInteger("runs", 2, "again"));
        Assert.ThrowsExactly<ArgumentException>(() => options.PositiveInteger("help", 2, "clashes with --help"));
    }
}
