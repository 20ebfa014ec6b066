using Tradeul.Maintenance;

namespace Tradeul.Tests.Maintenance;

public sealed class MaintenanceOptionsTests
{
    [Fact]
    public void A_miss_retry_not_shorter_than_the_persistence_interval_and_a_status_refresh_out_of_range_are_refused_at_start()
    {
        var validator = new MaintenanceOptionsValidator();
        Assert.True(validator.Validate(null, new MaintenanceOptions { ApiKey = "0123456789abcdef" }).Succeeded);

        var refused = validator.Validate(null, new MaintenanceOptions
        {
            ApiKey = "0123456789abcdef",
            PersistenceMissRetryInterval = TimeSpan.FromHours(1),
            StatusRefreshInterval = TimeSpan.Zero,
        });
        Assert.False(refused.Succeeded);
        Assert.Contains(refused.Failures!, f => f.StartsWith("Maintenance:PersistenceMissRetryInterval must be shorter than Maintenance:PersistenceInterval", StringComparison.Ordinal));
        Assert.Contains(refused.Failures!, f => f.StartsWith("Maintenance:StatusRefreshInterval must be greater than zero", StringComparison.Ordinal));
        Assert.Contains(validator.Validate(null, new MaintenanceOptions { ApiKey = "0123456789abcdef", StatusRefreshInterval = TimeSpan.FromMinutes(6) }).Failures!,
            f => f.StartsWith("Maintenance:StatusRefreshInterval must be at most 5 minutes", StringComparison.Ordinal));
    }
}
