using Npgsql;

namespace MetaAnalysis.Tests.Postgres;

/// <summary>
/// A fresh database on the test PostgreSQL server named by <see cref="Variable"/> (which
/// <c>scripts/postgres-test-server.sh</c> starts, and <c>.ci/run</c> with it), dropped when disposed.
/// </summary>
/// <remarks>
/// Without the variable the tests that need PostgreSQL are skipped, with a message saying how to run them —
/// except under CI (<c>CI=true</c>), where they run and fail, so that a CI run can never pass by skipping them.
/// </remarks>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    /// <summary>The variable with the connection string of a user that may create databases.</summary>
    public const string Variable = "METAANALYSIS_TEST_POSTGRES";

    private readonly string adminConnectionString;

    private PostgresTestDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ToString();
    }

    /// <summary>Why the PostgreSQL tests are skipped here, or null when they run (the server is configured, or this is CI).</summary>
    public static string? SkipReason =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)) || IsCi
            ? null
            : $"{Variable} is not set: run eval \"$(scripts/postgres-test-server.sh start)\" first (CI does, and fails these tests without it)";

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>The connection string of the new database.</summary>
    public string ConnectionString { get; }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates an empty database.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException($"{Variable} is not set; CI must start the PostgreSQL test server (scripts/postgres-test-server.sh) before the tests");
        }

        var database = new PostgresTestDatabase(admin, "test_" + Guid.NewGuid().ToString("N"));
        await database.RunAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    /// <summary>Runs a statement in the test database.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query in the test database that returns one value.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Drops the database, ending any connection still open to it.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private async Task RunAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
