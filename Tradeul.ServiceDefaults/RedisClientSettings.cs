namespace Tradeul.ServiceDefaults;

/// <summary>
/// Mirrors Aspire.StackExchange.Redis's StackExchangeRedisSettings: bound from
/// <c>Aspire:StackExchange:Redis</c> and <c>Aspire:StackExchange:Redis:{name}</c>, with
/// <c>ConnectionStrings:{name}</c> taking precedence for the connection string.
/// </summary>
public sealed class RedisClientSettings
{
    public string? ConnectionString { get; set; }
    public bool DisableHealthChecks { get; set; }
    public bool DisableTracing { get; set; }

    /// <summary>How long the readiness check waits for PING before calling Redis unhealthy.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
