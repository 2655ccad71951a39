using Migrations.Build.Engine.Environments;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests;

/// <summary>
/// MIG1001 classification against real connection failures: a closed port, an unresolvable name, a server that
/// never answers, TLS refused, a password rejected at the protocol level, and a real PostgreSQL server rejecting
/// an unknown role or database.
/// </summary>
[TestClass]
public sealed class ConnectionFailureTests
{
    private const string Secret = "hunter2-secret";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_closed_port_is_connection_refused()
    {
        var target = Staging($"postgres://deploy:{Secret}@127.0.0.1:{Engine.Local.FreeTcpPort.OnLoopback()}/app?connect_timeout=5");

        var message = await AssertFailsWith(target, ConnectionFailureCause.ConnectionRefused);

        StringAssert.Contains(message, "the connection was refused (nothing accepts connections on 127.0.0.1:");
    }

    [TestMethod]
    public async Task An_unresolvable_name_is_host_not_found()
    {
        var target = Staging($"postgres://deploy:{Secret}@no-such-host.invalid:5432/app?connect_timeout=10");

        var message = await AssertFailsWith(target, ConnectionFailureCause.HostNotFound);

        StringAssert.Contains(message, "the host name no-such-host.invalid was not found (DNS)");
    }

    [TestMethod]
    public async Task A_server_that_never_answers_is_a_timeout()
    {
        // Accepts the TCP connection and then says nothing, like a wedged server or a proxy with nothing behind it.
        await using var silent = new ScriptedServer(WaitForHangUpAsync);
        var target = Staging($"postgres://deploy:{Secret}@127.0.0.1:{silent.Port}/app?connect_timeout=1&sslmode=disable");

        var message = await AssertFailsWith(target, ConnectionFailureCause.Timeout);

        StringAssert.Contains(message, "no answer within 1 second (timed out)");
    }

    [TestMethod]
    public async Task A_server_refusing_TLS_is_a_TLS_failure()
    {
        // Answers PostgreSQL's SSLRequest with 'N' (no TLS here), as a server with ssl=off does.
        await using var plain = new ScriptedServer(async (stream, cancellationToken) =>
        {
            await stream.ReadExactlyAsync(new byte[8], cancellationToken);
            await stream.WriteAsync(new[] { (byte)'N' }, cancellationToken);
            await WaitForHangUpAsync(stream, cancellationToken);
        });
        var target = Staging($"postgres://deploy:{Secret}@127.0.0.1:{plain.Port}/app?connect_timeout=5&sslmode=require");

        var message = await AssertFailsWith(target, ConnectionFailureCause.TlsFailure);

        StringAssert.Contains(message, "the TLS/SSL connection failed");
    }

    [TestMethod]
    public async Task Requiring_TLS_from_the_test_server_without_TLS_is_a_TLS_failure()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        if (await SslIsOn(server))
        {
            Assert.Inconclusive("the test server offers TLS, so requiring it cannot fail");
        }

        var connection = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { SslMode = SslMode.Require, Pooling = false };

        await AssertFailsWith(new ConnectionTarget(MigrationEnvironment.Staging, connection), ConnectionFailureCause.TlsFailure);
    }

    [TestMethod]
    public async Task A_database_that_does_not_exist_is_3D000()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var missing = RunningPostgresServer.UniqueDatabaseName("missing");
        var connection = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = missing, Pooling = false };

        var message = await AssertFailsWith(new ConnectionTarget(MigrationEnvironment.Staging, connection), ConnectionFailureCause.DatabaseDoesNotExist);

        StringAssert.Contains(message, $"database {missing} does not exist");
    }

    [TestMethod]
    public async Task A_role_that_does_not_exist_is_an_authentication_failure()
    {
        // The local cluster trusts every connection, so a wrong password cannot fail there; an unknown role is
        // rejected with 28000 under any authentication method (28P01 is covered by the engine's unit tests).
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var role = RunningPostgresServer.UniqueDatabaseName("nobody");
        var connection = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Username = role, Password = Secret, Pooling = false };

        var message = await AssertFailsWith(new ConnectionTarget(MigrationEnvironment.Staging, connection), ConnectionFailureCause.AuthenticationFailed);

        StringAssert.Contains(message, "authentication failed (");
        StringAssert.Contains(message, role);
    }

    [TestMethod]
    public async Task A_wrong_password_is_an_authentication_failure()
    {
        // The shared cluster trusts every connection, so this server speaks just enough of the protocol to ask for
        // a password and reject it as PostgreSQL does; Npgsql's own parsing produces the exception.
        await using var rejecting = new ScriptedServer(RejectPasswordAsync);
        var target = Staging($"postgres://deploy:{Secret}@127.0.0.1:{rejecting.Port}/app?connect_timeout=5&sslmode=disable");

        var message = await AssertFailsWith(target, ConnectionFailureCause.AuthenticationFailed);

        StringAssert.Contains(message, "authentication failed (password authentication failed for user \"deploy\", SQLSTATE 28P01)");
    }

    [TestMethod]
    public async Task A_parsed_URL_reaches_the_real_server()
    {
        // The other side of classification: a URI read by the product's parser opens a working connection.
        await using var database = await PostgresServer.CreateDatabaseAsync("url", TestContext.CancellationToken);
        var admin = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var password = string.IsNullOrEmpty(admin.Password) ? string.Empty : ":" + Uri.EscapeDataString(admin.Password);
        var host = admin.Host!.Contains(':', StringComparison.Ordinal) ? $"[{admin.Host}]" : admin.Host;
        var url = $"postgresql://{Uri.EscapeDataString(admin.Username!)}{password}@{host}:{admin.Port}/{Uri.EscapeDataString(database.Name)}"
            + "?application_name=migrations%20build%20tests&options=-c%20search_path%3Dpg_catalog";
        var variables = new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = url };
        Assert.IsTrue(ConnectionTarget.TryCreate(MigrationEnvironment.Staging, variables.GetValueOrDefault, out var target, out var diagnostic), diagnostic?.Message);
        TestContext.WriteLine(target.Describe());

        await using var connection = new NpgsqlConnection(target.Connection.ConnectionString);
        await connection.OpenAsync(TestContext.CancellationToken);
        await using var command = new NpgsqlCommand("select current_database() || '|' || current_setting('application_name') || '|' || current_setting('search_path')", connection);

        Assert.AreEqual($"{database.Name}|migrations build tests|pg_catalog", await command.ExecuteScalarAsync(TestContext.CancellationToken));
    }

    private async Task<string> AssertFailsWith(ConnectionTarget target, ConnectionFailureCause expected)
    {
        Exception? failure = null;
        var connection = new NpgsqlConnectionStringBuilder(target.Connection.ConnectionString) { Pooling = false };
        try
        {
            await using var attempt = new NpgsqlConnection(connection.ConnectionString);
            await attempt.OpenAsync(TestContext.CancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !TestContext.CancellationToken.IsCancellationRequested)
        {
            failure = exception;
        }

        Assert.IsNotNull(failure, $"connecting to {target.HostAndPort} unexpectedly succeeded");
        var diagnostic = ConnectionFailure.Describe(target, failure);
        TestContext.WriteLine($"{failure.GetType().Name}: {failure.Message}");
        TestContext.WriteLine(diagnostic.ToString());

        Assert.AreEqual(expected, ConnectionFailure.Classify(failure), failure.ToString());
        Assert.AreEqual("MIG1001", diagnostic.Code);
        StringAssert.StartsWith(diagnostic.Message, $"Cannot connect to Staging (SUPABASE_STAGING_URL) at {target.HostAndPort}, database {target.Database}, user {target.User}: ");
        Assert.DoesNotContain(Secret, diagnostic.Message);
        if (!string.IsNullOrEmpty(connection.Password))
        {
            Assert.DoesNotContain(connection.Password, diagnostic.Message);
        }

        return diagnostic.Message;
    }

    private static ConnectionTarget Staging(string url)
    {
        var connection = ConnectionUrl.Parse(url);
        connection.Pooling = false;
        return new ConnectionTarget(MigrationEnvironment.Staging, connection);
    }

    private static async Task WaitForHangUpAsync(Stream stream, CancellationToken cancellationToken)
    {
        // Stay open until the client hangs up, so the failure it reports is the answer and not a reset.
        var rest = new byte[256];
        while (await stream.ReadAsync(rest, cancellationToken) > 0)
        {
        }
    }

    /// <summary>Startup → AuthenticationCleartextPassword → PasswordMessage → ErrorResponse 28P01.</summary>
    private static async Task RejectPasswordAsync(Stream stream, CancellationToken cancellationToken)
    {
        await ReadLengthPrefixedAsync(stream, cancellationToken);
        await stream.WriteAsync(new byte[] { (byte)'R', 0, 0, 0, 8, 0, 0, 0, 3 }, cancellationToken);

        await stream.ReadExactlyAsync(new byte[1], cancellationToken);
        await ReadLengthPrefixedAsync(stream, cancellationToken);

        var fields = new List<byte>();
        foreach (var (code, value) in new[] { ('S', "FATAL"), ('V', "FATAL"), ('C', "28P01"), ('M', "password authentication failed for user \"deploy\"") })
        {
            fields.Add((byte)code);
            fields.AddRange(System.Text.Encoding.UTF8.GetBytes(value));
            fields.Add(0);
        }

        fields.Add(0);
        var error = new List<byte> { (byte)'E' };
        error.AddRange(BigEndian(fields.Count + 4));
        error.AddRange(fields);
        await stream.WriteAsync(error.ToArray(), cancellationToken);
        await WaitForHangUpAsync(stream, cancellationToken);
    }

    private static async Task ReadLengthPrefixedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var length = new byte[4];
        await stream.ReadExactlyAsync(length, cancellationToken);
        var body = new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(length) - 4];
        await stream.ReadExactlyAsync(body, cancellationToken);
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static async Task<bool> SslIsOn(RunningPostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("show ssl", connection);
        return (string?)await command.ExecuteScalarAsync() == "on";
    }
}
