using Npgsql;
using Tradeul.Maintenance.Migrations;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Maintenance.Migrations;

[Collection(RealServersCollection.Name)]
public sealed class StorageModeDetectorTests(RealServersFixture servers)
{
    [Fact]
    public async Task Plain_postgresql_is_reported_as_postgresql()
    {
        await using var database = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());

        var mode = await StorageModeDetector.DetectAsync(database, CancellationToken.None);

        Assert.Equal(StorageMode.PostgreSql, mode);
        Assert.Equal("postgresql", mode.ToKey());
    }

    // TimescaleDB is not on this machine; these pin the rule the SQL scripts share.
    [Theory]
    [InlineData(false, null, "postgresql")]
    [InlineData(false, "timescale", "postgresql")]
    [InlineData(true, "apache", "timescaledb-apache")]
    [InlineData(true, null, "timescaledb-apache")]
    [InlineData(true, "timescale", "timescaledb")]
    public void Mode_follows_the_extension_and_its_license(bool installed, string? license, string expected) =>
        Assert.Equal(expected, StorageModeDetector.Classify(installed, license).ToKey());
}
