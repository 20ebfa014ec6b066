using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Tradeul.Maintenance.Watchdog;

public sealed record RedisMemory(long UsedMemory, long MaxMemory)
{
    /// <summary>Null when Redis has no maxmemory (no limit to approach).</summary>
    public double? Ratio => MaxMemory > 0 ? (double)UsedMemory / MaxMemory : null;
}

/// <summary>
/// used_memory / maxmemory, sampled on a schedule, exported as a metric and turned into a
/// Degraded health status above the configured ratio: under noeviction a full Redis refuses
/// writes, so the warning has to come before that.
/// </summary>
public sealed class RedisMemoryWatch : IHealthCheck
{
    public const string Name = "redis_memory";
    private readonly IConnectionMultiplexer _redis;
    private readonly double _degradedRatio;
    private RedisMemory? _last;

    public RedisMemoryWatch(IConnectionMultiplexer redis, IOptions<MaintenanceOptions> options, IMeterFactory meters)
    {
        _redis = redis;
        _degradedRatio = options.Value.MemoryDegradedRatio;
        var meter = meters.Create("Tradeul.Maintenance");
        meter.CreateObservableGauge("tradeul.redis.memory_ratio", () => _last?.Ratio ?? 0, description: "Redis used_memory / maxmemory.");
        meter.CreateObservableGauge("tradeul.redis.used_memory", () => _last?.UsedMemory ?? 0, "By", "Redis used_memory.");
    }

    public RedisMemory? Last => _last;

    public async Task<RedisMemory> SampleAsync(CancellationToken cancellationToken)
    {
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);
        var info = await server.InfoAsync("memory").WaitAsync(cancellationToken).ConfigureAwait(false);
        var values = info.SelectMany(group => group).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var sample = new RedisMemory(Number(values, "used_memory"), Number(values, "maxmemory"));
        _last = sample;
        return sample;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = _last;
        if (last?.Ratio is { } ratio && ratio >= _degradedRatio)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"Redis memory at {ratio:P0} of maxmemory ({last.UsedMemory} of {last.MaxMemory} bytes); with noeviction, writes fail when it is full."));
        }
        return Task.FromResult(HealthCheckResult.Healthy());
    }

    private static long Number(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
