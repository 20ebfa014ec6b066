using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace Tradeul.AppHost.Local;

/// <summary>Healthy when redis-server answers PING with the password (what <c>redis-cli ping</c> checks).</summary>
internal sealed class RedisPingHealthCheck(LocalRedisResource resource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
        try
        {
            var options = ConfigurationOptions.Parse(connectionString!);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 2000;
            options.ConnectRetry = 0;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The message names the endpoint, never the connection string (it holds the password).
            return new HealthCheckResult(context.Registration.FailureStatus, $"redis-server did not answer PING: {ex.GetType().Name}");
        }
    }
}

/// <summary>
/// Healthy once the server accepts a connection on its socket (what pg_isready checks) and the role's password
/// has been set to the AppHost's parameter, once per AppHost run.
/// </summary>
internal sealed class PostgresReadyHealthCheck(LocalPostgresServerResource resource) : IHealthCheck
{
    // Aspire may run a resource's check twice at once; two ALTER ROLEs at once collide ("tuple concurrently updated").
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _passwordSet;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var port = LocalServers.Port(resource);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var password = _passwordSet ? null : await resource.PasswordParameter.GetValueAsync(cancellationToken) ?? "";
            var problem = await LocalPostgresCluster.ProbeAsync(resource.Layout, port, password, cancellationToken);
            _passwordSet |= problem is null;
            return problem is null ? HealthCheckResult.Healthy() : new HealthCheckResult(context.Registration.FailureStatus, problem);
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>Healthy when the database answers <c>SELECT 1</c> over TCP with the password: the services' own path.</summary>
internal sealed class PostgresDatabaseHealthCheck(LocalPostgresDatabaseResource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = await database.ConnectionStringExpression.GetValueAsync(cancellationToken);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Database '{database.DatabaseName}' is not ready: {ex.Message}");
        }
    }
}
