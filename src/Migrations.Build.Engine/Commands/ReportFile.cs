using System.Text;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Commands;

/// <summary>Writes a report (MigrationsStatusFile, MigrationsDriftFile) as UTF-8 without BOM, creating its folder, and says where.</summary>
internal static class ReportFile
{
    /// <param name="what">Starts the line that names the file: "Status", "Drift report".</param>
    public static void Write(string file, string text, IOperationLog log, string what)
    {
        var path = Path.GetFullPath(file);
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        log.Important($"{what} written to {path}.");
    }
}
