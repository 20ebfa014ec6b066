using Npgsql;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// One Redis and one PostgreSQL for the whole test run, started from the machine's packages,
/// or the servers named by <c>ConnectionStrings__redis</c> / <c>ConnectionStrings__tradeul</c>
/// when those are set. Tests isolate themselves with <see cref="NewKeyPrefix"/> and
/// <see cref="CreateDatabaseAsync"/>. Tests that stop a server start their own instead.
/// </summary>
public sealed class RealServersFixture : IAsyncLifetime
{
    private RedisServer? _redis;
    private PostgresServer? _postgres;

    public string RedisConnectionString { get; private set; } = "";
    public string PostgresConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var redisFromEnvironment = Environment.GetEnvironmentVariable("ConnectionStrings__redis");
        var postgresFromEnvironment = Environment.GetEnvironmentVariable("ConnectionStrings__tradeul");
        var redis = string.IsNullOrWhiteSpace(redisFromEnvironment) ? RedisServer.CreateAsync() : Task.FromResult<RedisServer>(null!);
        var postgres = string.IsNullOrWhiteSpace(postgresFromEnvironment) ? PostgresServer.CreateAsync() : Task.FromResult<PostgresServer>(null!);
        _redis = await redis;
        _postgres = await postgres;
        RedisConnectionString = _redis?.ConnectionString ?? redisFromEnvironment!;
        PostgresConnectionString = _postgres?.ConnectionString() ?? postgresFromEnvironment!;
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewKeyPrefix() => $"test:{Guid.NewGuid():N}:";

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        // Identifiers cannot be bound as parameters; this one is built from a GUID only.
        var database = $"t_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = database }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RealServersCollection : ICollectionFixture<RealServersFixture>
{
    public const string Name = "real servers";
}
