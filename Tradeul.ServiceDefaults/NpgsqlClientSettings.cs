namespace Tradeul.ServiceDefaults;

/// <summary>
/// Mirrors Aspire.Npgsql's NpgsqlSettings: bound from <c>Aspire:Npgsql</c> and
/// <c>Aspire:Npgsql:{name}</c>, with <c>ConnectionStrings:{name}</c> taking precedence.
/// </summary>
public sealed class NpgsqlClientSettings
{
    public string? ConnectionString { get; set; }
    public bool DisableHealthChecks { get; set; }
    public bool DisableTracing { get; set; }
    public bool DisableMetrics { get; set; }

    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
