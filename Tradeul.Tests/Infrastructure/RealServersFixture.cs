using Npgsql;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// One Redis and one PostgreSQL for the whole test run, started from the machine's packages,
/// or the servers named by <c>ConnectionStrings__redis</c> / <c>ConnectionStrings__tradeul</c>
/// when those are set. Tests isolate themselves with <see cref="NewKeyPrefix"/> and
/// <see cref="CreateDatabaseAsync"/>. Tests that stop a server start their own instead.
/// That PostgreSQL is plain, whatever is installed: migrate creates TimescaleDB wherever it is
/// preloaded, and the plain mode must stay under test everywhere. Where TimescaleDB is installed,
/// <see cref="CreateTimescaleDatabaseAsync"/> gives databases on a second server that preloads it,
/// one per edition, started the first time a test asks.
/// </summary>
public sealed class RealServersFixture : IAsyncLifetime
{
    private readonly Dictionary<TimescaleEdition, Lazy<Task<PostgresServer>>> _timescale = new()
    {
        [TimescaleEdition.Full] = new(() => PostgresServer.CreateAsync(TimescaleEdition.Full)),
        [TimescaleEdition.Apache] = new(() => PostgresServer.CreateAsync(TimescaleEdition.Apache)),
    };
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
    public Task<string> CreateDatabaseAsync() => CreateDatabaseAsync(PostgresConnectionString);

    /// <summary>Creates an empty database on the server that preloads TimescaleDB's <paramref name="edition"/>; only for a <see cref="TimescaleFactAttribute"/> test.</summary>
    public async Task<string> CreateTimescaleDatabaseAsync(TimescaleEdition edition)
    {
        var server = await _timescale[edition].Value;
        return await CreateDatabaseAsync(server.ConnectionString());
    }

    /// <summary>Creates an empty database on the server <paramref name="serverConnectionString"/> reaches and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string serverConnectionString)
    {
        // Identifiers cannot be bound as parameters; this one is built from a GUID only.
        var database = $"t_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
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
        // A server that failed to start has failed its tests already; there is nothing to stop.
        foreach (var started in _timescale.Values.Where(server => server.IsValueCreated && server.Value.IsCompletedSuccessfully))
        {
            await started.Value.Result.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RealServersCollection : ICollectionFixture<RealServersFixture>
{
    public const string Name = "real servers";
}
