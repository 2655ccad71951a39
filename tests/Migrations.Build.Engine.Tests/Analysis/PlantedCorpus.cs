using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Analysis;

/// <summary>
/// A generated folder of pairs with errors and warnings planted at fixed intervals, plus the odd shapes (a forward
/// without rollback, a rollback without forward, CRLF line endings, an irreversible rollback, a suppressed warning).
/// </summary>
internal static class PlantedCorpus
{
    /// <summary>Writes the corpus; returns how many migration files it holds (all of them readable text).</summary>
    public static int Write(MigrationFolder folder, int pairs)
    {
        var files = 0;
        for (var index = 1; index <= pairs; index++)
        {
            var id = $"20250101{index / 3600:D2}{index / 60 % 60:D2}{index % 60:D2}_step_{index}";
            var (forward, rollback) = Shape(index);
            folder.Write(id + ".sql", forward);
            files++;
            if (index % 23 != 0)
            {
                folder.Write(id + "_rollback.sql", rollback);
                files++;
            }
        }

        folder.Write("20990101000000_gone_rollback.sql", "drop table gone;\n");
        return files + 1;
    }

    private static (string Forward, string Rollback) Shape(int index) => index switch
    {
        _ when index % 11 == 0 => ($"begin;\ncreate table t{index} (id int);\ncommit;\n", $"drop table t{index};\n"),
        _ when index % 17 == 0 => ($"create table t{index} (id int);\nselect 'never closed;\n", $"drop table t{index};\n"),
        _ when index % 7 == 0 => ($"create index i{index} on existing (x);\n", $"drop index i{index};\n"),
        _ when index % 13 == 0 => ($"create table t{index} (id int);\n", $"drop table t{index};\ndrop table someone_elses;\n"),
        _ when index % 5 == 0 => ($"create table public.t{index} (id int);\r\n", $"drop table public.t{index};\r\n"),
        _ when index % 19 == 0 => ($"-- migrations:disable MIG0303\ncreate index i{index} on existing (x);\n", $"drop index i{index};\n"),
        _ when index % 29 == 0 => ($"alter table existing drop column c{index};\n", "-- migrations:irreversible\n"),
        _ => ($"create table t{index} (id int);\n", $"drop table t{index};\n"),
    };
}
