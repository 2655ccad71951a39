using Npgsql;

namespace Migrations.Build.Database.Tests.Operations;

/// <summary>Plays the administrator who ends a running deploy's backend with pg_terminate_backend.</summary>
internal static class BackendTerminator
{
    /// <summary>
    /// Waits until one of our backends in this test's database is inside pg_sleep, then terminates it; fails after the
    /// deadline. Only this database: tests running in parallel sleep in theirs, and ending their backend fails them.
    /// </summary>
    public static async Task TerminateWhenSleepingAsync(string connectionString, TimeSpan deadline)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            await using var find = new NpgsqlCommand(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name like 'Migrations.Build%' and query like '%pg_sleep%' and state = 'active' and pid <> pg_backend_pid()",
                connection);
            if (await find.ExecuteScalarAsync() is true)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"No Migrations.Build backend ran pg_sleep within {deadline.TotalSeconds} s.");
    }
}
