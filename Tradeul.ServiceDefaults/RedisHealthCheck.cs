using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Tradeul.ServiceDefaults;

/// <summary>Ready when every Redis endpoint answers PING.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer multiplexer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var endpoint in multiplexer.GetEndPoints(configuredOnly: true))
            {
                var server = multiplexer.GetServer(endpoint);
                if (!server.IsConnected)
                {
                    return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not connected.");
                }
                await server.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis did not answer PING.", ex);
        }
    }
}
