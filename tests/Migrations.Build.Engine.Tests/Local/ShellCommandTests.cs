using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Tests.Local;

/// <summary>
/// MigrationsBackupCommand's placeholders reach the command as exactly one word each, whatever the value holds and
/// whether or not the user quoted the placeholder: proven by running the expanded command through the real shell.
/// </summary>
[TestClass]
public sealed class ShellCommandTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("printf '[%s]' {file}")]
    [DataRow("printf '[%s]' \"{file}\"")]
    [DataRow("printf '[%s]' '{file}'")]
    public async Task A_value_with_spaces_quotes_and_shell_syntax_arrives_as_one_literal_word(string command)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("The POSIX shell is tested here; cmd quoting is covered by the Windows CI leg.");
        }

        const string value = "/tmp/my backups/it's $HOME `id` \"x\"; rm -rf nothing.dump";
        var expanded = ShellCommand.Expand(command, new Dictionary<string, string> { [ShellCommand.FilePlaceholder] = value });
        var (fileName, arguments, raw) = ShellCommand.For(expanded);

        var result = await ChildProcess.RunAsync(fileName, arguments, null, TimeSpan.FromSeconds(30), null, raw, TestContext.CancellationToken);

        Assert.AreEqual(0, result.ExitCode, result.Describe());
        Assert.AreEqual($"[{value}]", result.StandardOutput);
    }

    [TestMethod]
    public void Every_placeholder_is_filled()
    {
        var expanded = ShellCommand.Expand("backup --env {environment} --version {version} --to {file}", new Dictionary<string, string>
        {
            [ShellCommand.FilePlaceholder] = "/b/p.dump",
            [ShellCommand.EnvironmentPlaceholder] = "Production",
            [ShellCommand.VersionPlaceholder] = "20250210000000",
        });

        Assert.AreEqual(
            OperatingSystem.IsWindows()
                ? "backup --env \"Production\" --version \"20250210000000\" --to \"/b/p.dump\""
                : "backup --env 'Production' --version '20250210000000' --to '/b/p.dump'",
            expanded);
    }
}
