using System.Globalization;
using System.Text;

namespace Migrations.Build.BenchSupport;

/// <summary>
/// A benchmark's <c>--name value</c> flags. The program declares each flag with its default, then parses. A flag it
/// did not declare, a flag without a value or given twice, a value that does not parse, or a stray word is refused
/// with a message and the usage text, because a silently ignored <c>--run 9</c> costs a whole benchmark run measured
/// with the wrong settings.
/// </summary>
public sealed class BenchOptions
{
    /// <summary>The exit code for arguments that were refused, as for a command-line tool's usage error.</summary>
    public const int UsageExitCode = 2;

    private const string HelpFlag = "--help";

    private readonly string _command;
    private readonly IReadOnlyList<string> _notes;
    private readonly List<DeclaredFlag> _flags = [];

    /// <param name="command">How the program is run, up to its flags, e.g. <c>dotnet run -c Release --project bench/X --</c>.</param>
    /// <param name="notes">Further lines for the usage text: other forms of the command, environment variables.</param>
    public BenchOptions(string command, params string[] notes)
    {
        _command = command;
        _notes = notes;
    }

    /// <summary>A whole number of at least 1: counts of runs, pairs, tables.</summary>
    public BenchOption<int> PositiveInteger(string name, int defaultValue, string description)
    {
        var option = new BenchOption<int>(defaultValue);
        Declare(new DeclaredFlag(name, "N", description, Format(defaultValue), text =>
        {
            if (!TryParsePositive(text, out var value))
            {
                return $"--{name} '{text}' is not a whole number of at least 1";
            }

            option.Value = value;
            return null;
        }));
        return option;
    }

    /// <summary>One or more whole numbers of at least 1, comma-separated (<c>500,2000</c>): sizes to measure in turn.</summary>
    public BenchOption<IReadOnlyList<int>> PositiveIntegers(string name, IReadOnlyList<int> defaultValue, string description)
    {
        var option = new BenchOption<IReadOnlyList<int>>(defaultValue);
        Declare(new DeclaredFlag(name, "N[,N…]", description, string.Join(',', defaultValue.Select(Format)), text =>
        {
            var values = new List<int>();
            foreach (var part in text.Split(','))
            {
                if (!TryParsePositive(part, out var value))
                {
                    return $"--{name} '{text}' is not a comma-separated list of whole numbers of at least 1";
                }

                values.Add(value);
            }

            option.Value = values;
            return null;
        }));
        return option;
    }

    /// <summary>
    /// Reads <paramref name="args"/> into the declared options. Returns null when the program should go on; otherwise
    /// the code to exit with: 0 after <c>--help</c> printed the usage to <paramref name="output"/>, or
    /// <see cref="UsageExitCode"/> after the problem and the usage went to <paramref name="error"/>.
    /// </summary>
    public int? Parse(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Contains(HelpFlag) || args.Contains("-h"))
        {
            output.Write(Usage);
            return 0;
        }

        var problem = Read(args);
        if (problem is null)
        {
            return null;
        }

        error.WriteLine($"error: {problem}");
        error.WriteLine();
        error.Write(Usage);
        return UsageExitCode;
    }

    /// <summary>The command, each declared flag with its default, and the notes.</summary>
    public string Usage
    {
        get
        {
            var rows = _flags.Select(flag => ($"--{flag.Name} {flag.Placeholder}", $"{flag.Description} (default {flag.DefaultText})"))
                .Append((HelpFlag, "print this and exit"))
                .ToList();
            var width = rows.Max(row => row.Item1.Length);
            var usage = new StringBuilder();
            usage.AppendLine(CultureInfo.InvariantCulture, $"usage: {_command} [options]");
            foreach (var (flag, description) in rows)
            {
                usage.AppendLine(CultureInfo.InvariantCulture, $"  {flag.PadRight(width)}  {description}");
            }

            foreach (var note in _notes)
            {
                usage.AppendLine(note);
            }

            return usage.ToString();
        }
    }

    private void Declare(DeclaredFlag flag)
    {
        if (_flags.Any(declared => declared.Name == flag.Name) || $"--{flag.Name}" == HelpFlag)
        {
            throw new ArgumentException($"--{flag.Name} is declared twice.", nameof(flag));
        }

        _flags.Add(flag);
    }

    /// <summary>What is wrong with the arguments, or null when every one was taken.</summary>
    private string? Read(IReadOnlyList<string> args)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return $"unexpected argument '{arg}'; options are written --name value";
            }

            var flag = _flags.Find(declared => arg == $"--{declared.Name}");
            if (flag is null)
            {
                return $"unknown option '{arg}'; the options are {string.Join(", ", _flags.Select(declared => $"--{declared.Name}").Append(HelpFlag))}";
            }

            if (!given.Add(flag.Name))
            {
                return $"{arg} is given twice";
            }

            if (i + 1 == args.Count)
            {
                return $"{arg} needs a value: {arg} {flag.Placeholder}";
            }

            if (flag.Assign(args[++i]) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static bool TryParsePositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
