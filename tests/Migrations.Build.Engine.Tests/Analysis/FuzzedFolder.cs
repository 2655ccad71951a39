using System.Net.Sockets;
using System.Text;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Tests.Discovery;
using Migrations.Build.Engine.Tests.Sql;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// One random migrations folder on disk, made from a seed: names that are valid, almost valid or odd, contents from
/// the SQL fuzzers' generators mutated into invalid bytes, and now and then a path that is not a regular file.
/// <see cref="Describe"/> lists what was written, for a failure message.
/// </summary>
internal sealed class FuzzedFolder : IDisposable
{
    private static readonly string[] CorpusTexts = Directory.EnumerateFiles(SqlCorpusTests.CorpusDirectory, "*.sql")
        .Order(StringComparer.Ordinal)
        .Select(File.ReadAllText)
        .ToArray();

    private static readonly string[] NameWords = ["x", "add_invoices", "a1", "undo", "rollback", "billing_schema", "é", "a b", "a\\b", "A", "😀", "_", "x_rollback", "-", "ß", "tab\t"];

    private static readonly string[] Unterminated = ["'", "\"", "$$", "$fn$ begin ", "/*", "/* /* */", "E'\\", "U&'", "U&\"", "B'", "-- migrations:", "(((", "\\"];

    private static readonly string[] Directives = ["-- migrations:irreversible\n", "-- migrations:no-transaction\n", "-- migrations:disable MIG0303 why\n", "-- migrations:disable-file MIG0201 why\n", "-- migrations:disable MIG9999\n", "-- migrations:\n"];

    private readonly MigrationFolder folder = new();
    private readonly List<Socket> sockets = [];
    private readonly List<string> written = [];

    private FuzzedFolder(Random random)
    {
        var separateRollbacks = random.Next(6) == 0;
        if (separateRollbacks && random.Next(4) != 0)
        {
            Directory.CreateDirectory(Path.Combine(folder.Root, "rollbacks"));
        }

        Options = new MigrationDiscoveryOptions(folder.Root, separateRollbacks ? Path.Combine(folder.Root, "rollbacks") : null);
        var ids = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entries = random.Next(1, 7);
        for (var i = 0; i < entries; i++)
        {
            var name = RandomFileName(random, ids, separateRollbacks);
            if (!names.Add(name))
            {
                continue; // Writing again through a name that is already a pipe would wait for a reader.
            }

            if (random.Next(7) == 0)
            {
                AddSpecial(random, name);
            }
            else
            {
                var bytes = RandomContent(random);
                folder.WriteBytes(name, bytes);
                written.Add($"{Quote(name)}: {bytes.Length} bytes {Preview(bytes)}");
            }
        }
    }

    public MigrationDiscoveryOptions Options { get; }

    public string Root => folder.Root;

    public static FuzzedFolder Create(Random random) => new(random);

    public string Describe() => $"folder (rollbacks {(Options.RollbackDirectory is null ? "beside forwards" : "in rollbacks/")}):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", written)}";

    public void Dispose()
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        folder.Dispose();
    }

    /// <summary>Mostly well-formed names, so pairing and the SQL checks run; the rest is what a typo or an odd tool makes.</summary>
    private static string RandomFileName(Random random, List<string> ids, bool separateRollbacks)
    {
        string id;
        if (ids.Count > 0 && random.Next(2) == 0)
        {
            id = ids[random.Next(ids.Count)];
        }
        else
        {
            id = random.Next(10) switch
            {
                0 => "2025010100000_x",                                   // 13 digits
                1 => "202501010000000_x",                                 // 15 digits
                2 => "20250230000000_x",                                  // February 30th
                3 => $"20250101{random.Next(0, 999999):D6}_{NameWords[random.Next(NameWords.Length)]}",
                _ => $"2025{random.Next(1, 13):D2}{random.Next(1, 29):D2}{random.Next(0, 24):D2}0000_{NameWords[random.Next(3)]}",
            };
            ids.Add(id);
        }

        var rollback = random.Next(2) == 0;
        var name = id + random.Next(12) switch
        {
            0 => "_rollback_rollback.sql",
            1 => ".SQL",
            2 => ".sql.sql",
            3 => " .sql",
            _ => rollback ? "_rollback.sql" : ".sql",
        };
        return random.Next(15) switch
        {
            0 => "." + name,
            1 => "seeds/" + name,
            2 => "bin/" + name,
            _ when separateRollbacks && rollback => "rollbacks/" + name,
            _ => name,
        };
    }

    private static byte[] RandomContent(Random random)
    {
        switch (random.Next(10))
        {
            case 0:
                return RandomBytes(random, random.Next(0, 300));
            case 1:
                var utf8 = Encoding.UTF8.GetBytes(RandomSql(random) + "é😀ß");
                return utf8[..random.Next(0, utf8.Length + 1)];                        // often cut inside a multi-byte character
            case 2:
                return [.. Encoding.UTF8.Preamble, .. RandomBytes(random, random.Next(0, 100))];
            case 3:
                var sql = RandomSql(random);
                return Encoding.UTF8.GetBytes(sql.Insert(random.Next(0, sql.Length + 1), "\0"));
            case 4:
                return Encoding.UTF8.GetBytes(RandomSql(random) + Unterminated[random.Next(Unterminated.Length)]);
            case 5:
                return Encoding.UTF8.GetBytes(Directives[random.Next(Directives.Length)] + RandomSql(random));
            case 6:
                return Encoding.UTF8.GetBytes(new[] { "", " \n\t", "-- nothing\n", "/* */" }[random.Next(4)]);
            default:
                var text = RandomSql(random);
                return random.Next(5) == 0 ? [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);
        }
    }

    /// <summary>SQL from the existing fuzzers: a mutated corpus file, random classifier words, or random characters.</summary>
    private static string RandomSql(Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                return SqlFuzzTests.Mutate(CorpusTexts[random.Next(CorpusTexts.Length)], random);
            case 1:
                return RollbackCompatibilityFuzzTests.RandomText(random);
            default:
                var chars = new char[random.Next(0, 200)];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = SqlFuzzTests.Alphabet[random.Next(SqlFuzzTests.Alphabet.Length)];
                }

                return new string(chars);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private void AddSpecial(Random random, string name)
    {
        var path = Path.Combine(folder.Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var what = random.Next(8) switch
        {
            0 => MakePipe(path),
            1 => MakeSocket(path),
            2 => MakeLink(path, "missing.sql", "dangling link"),
            3 => MakeLoop(path),
            4 => MakeDirectory(path),
            5 => MakeLink(path, "/dev/zero", "link to /dev/zero"),
            6 => MakeLink(path, "..", "link to the parent folder"),
            _ => MakeLink(path, folder.Write("shared/" + random.Next(1000) + ".txt", RollbackCompatibilityFuzzTests.RandomText(random)), "link to a regular file"),
        };
        written.Add($"{Quote(name)}: {what}");
    }

    private static string MakePipe(string path)
    {
        SpecialFiles.NamedPipe(path);
        return "named pipe";
    }

    private string MakeSocket(string path)
    {
        if (Encoding.UTF8.GetByteCount(path) > 100)
        {
            return MakePipe(path); // A socket's path is limited to 108 bytes; a long name still gets a special file.
        }

        sockets.Add(SpecialFiles.Socket(path));
        return "socket";
    }

    private static string MakeLink(string path, string target, string what)
    {
        SpecialFiles.SymbolicLink(path, target);
        return what;
    }

    private static string MakeLoop(string path)
    {
        var other = path + ".loop";
        SpecialFiles.SymbolicLink(path, other);
        SpecialFiles.SymbolicLink(other, path);
        return "symbolic link loop";
    }

    private static string MakeDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "20250101000000_inside.sql"), "select 1;\n");
        return "directory";
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string Preview(byte[] bytes) => Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, 48)) + (bytes.Length > 48 ? "…" : string.Empty);
}
