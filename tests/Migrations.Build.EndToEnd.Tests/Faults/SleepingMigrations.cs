namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// Migrations that pause in pg_sleep between changes, so a test can strike while one is half done: the pause is the
/// window, and the statements either side show afterwards exactly what survived.
/// </summary>
internal static class SleepingMigrations
{
    public const string TransactionalVersion = "20250210000000";
    public const string Transactional = TransactionalVersion + "_sleepy_tables";

    /// <summary>Where the pg_sleep statement starts in <see cref="WriteTransactional"/>'s forward file.</summary>
    public const int TransactionalSleepLine = 2;

    public const string NoTransactionVersion = "20250301000000";
    public const string NoTransaction = NoTransactionVersion + "_sleepy_steps";

    /// <summary>Where the pg_sleep statement starts in <see cref="WriteNoTransaction"/>'s forward file (after the directive and one statement).</summary>
    public const int NoTransactionSleepLine = 3;

    /// <summary>Statements a no-transaction run has completed when it is stopped inside its pg_sleep.</summary>
    public const int NoTransactionStatementsBeforeSleep = 1;

    // A retry after a fault rewrites the file with a zero sleep: it need not sit through the pause again, and an
    // edited file is only accepted if the interrupted attempt was not recorded as applied — a check in itself.

    /// <summary>
    /// create table fault_a; pg_sleep; create table fault_b — in one transaction, so a fault inside the sleep must
    /// leave neither table behind. The sleep is long enough that only the server noticing a dead client ends it early.
    /// </summary>
    public static string WriteTransactional(ConsumerProject project, int sleepSeconds = 30)
    {
        project.Write($"migrations/{Transactional}_rollback.sql", "drop table fault_b;\ndrop table fault_a;\n");
        return project.Write(
            $"migrations/{Transactional}.sql",
            $"create table fault_a (id int primary key);\nselect pg_sleep({sleepSeconds});\ncreate table fault_b (id int primary key);\n");
    }

    /// <summary>step_one; pg_sleep; step_three — outside a transaction, so a fault inside the sleep leaves step_one applied.</summary>
    public static string WriteNoTransaction(ConsumerProject project, int sleepSeconds = 30)
    {
        project.Write($"migrations/{NoTransaction}_rollback.sql", "drop table if exists step_three;\ndrop table if exists step_one;\n");
        return project.Write(
            $"migrations/{NoTransaction}.sql",
            $"-- migrations:no-transaction\ncreate table step_one (id int);\nselect pg_sleep({sleepSeconds});\ncreate table step_three (id int);\n");
    }
}
