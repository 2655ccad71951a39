using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Tests.Local;

/// <summary>How MigrationsLocalBootstrap is read; running the bootstrap on a server is tested with the database tests.</summary>
[TestClass]
public sealed class LocalBootstrapTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Values_select_nothing_the_shim_or_a_file()
    {
        var project = Directory.CreateTempSubdirectory("mbt-bootstrap-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(project, "db"));
            File.WriteAllText(Path.Combine(project, "db", "roles.sql"), "create role app nologin;");

            Assert.IsTrue(LocalBootstrap.Resolve(null, project).IsEmpty);
            Assert.IsTrue(LocalBootstrap.Resolve("  ", project).IsEmpty);
            Assert.AreSame(LocalBootstrap.Supabase, LocalBootstrap.Resolve(" Supabase ", project));
            var fromFile = LocalBootstrap.Resolve("db/roles.sql", project);
            Assert.AreEqual("create role app nologin;", fromFile.Sql);
            Assert.AreEqual(Path.Combine(project, "db", "roles.sql"), fromFile.Description);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    [TestMethod]
    public void A_missing_bootstrap_file_is_a_clear_error()
    {
        var project = Directory.CreateTempSubdirectory("mbt-bootstrap-").FullName;
        try
        {
            var exception = Assert.ThrowsExactly<LocalBootstrapException>(() => LocalBootstrap.Resolve("db/missing.sql", project));

            TestContext.WriteLine(exception.Message);
            StringAssert.StartsWith(exception.Message, "MigrationsLocalBootstrap is 'db/missing.sql', but the file ");
            StringAssert.Contains(exception.Message, Path.Combine(project, "db", "missing.sql") + " does not exist");
            StringAssert.Contains(exception.Message, $"resolved against the project directory {project}");
            StringAssert.Contains(exception.Message, "'supabase' for the built-in Supabase shim");
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}
