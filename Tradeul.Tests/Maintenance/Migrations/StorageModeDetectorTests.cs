using Npgsql;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Storage;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Maintenance.Migrations;

[Collection(RealServersCollection.Name)]
public sealed class StorageModeDetectorTests(RealServersFixture servers)
{
    private static readonly string[] BothRaw = ["scan_results", "volume_slots"];

    [Fact]
    public async Task Plain_postgresql_is_reported_as_postgresql()
    {
        await using var database = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());

        var mode = await StorageModeDetector.DetectAsync(database, CancellationToken.None);
        var layout = await StorageLayoutReader.ReadAsync(database, CancellationToken.None);

        Assert.Equal(StorageMode.PostgreSql, mode);
        Assert.Equal("postgresql", mode.ToKey());
        Assert.Null(layout.ExtensionVersion);
        Assert.Empty(layout.Hypertables);
        Assert.False(layout.UpgradePending);
    }

    // These pin the rule on layouts as TimescaleDB's catalogs would describe them; the TimescaleDB
    // tests (TimescaleStorageTests) read the same layouts from a real server where one is installed.
    [Fact]
    public void The_extension_alone_does_not_make_a_timescaledb_mode()
    {
        var created = StorageLayout.Plain(extensionVersion: "2.22.1", license: "timescale", extensionOffered: true);

        Assert.Equal(StorageMode.PostgreSql, created.Mode);
        Assert.True(created.UpgradePending);
        Assert.All(RetentionBound.All, bound => Assert.False(created.PolicyEnforcesRetention(bound.Relation)));
    }

    [Fact]
    public void Hypertables_without_policies_are_the_apache_mode_and_every_bound_stays_with_maintenance()
    {
        var apache = Layout("apache", BothRaw, aggregates: false, []);

        Assert.Equal(StorageMode.TimescaleDbApache, apache.Mode);
        Assert.False(apache.UpgradePending);
        Assert.All(RetentionBound.All, bound => Assert.False(apache.PolicyEnforcesRetention(bound.Relation)));
        Assert.All(StorageLayout.Rollups, rollup => Assert.False(apache.PolicyRefreshes(rollup)));
    }

    [Fact]
    public void Every_policy_scheduled_is_the_timescaledb_mode_and_one_paused_policy_hands_its_bound_back()
    {
        var complete = Layout("timescale", BothRaw, aggregates: true, AllPolicies(paused: null));
        var onePaused = Layout("timescale", BothRaw, aggregates: true, AllPolicies(paused: "volume_slots"));

        Assert.Equal(StorageMode.TimescaleDb, complete.Mode);
        Assert.False(complete.UpgradePending);
        Assert.Equal(StorageMode.TimescaleDbApache, onePaused.Mode);
        Assert.False(onePaused.PolicyEnforcesRetention("volume_slots"));
        Assert.True(onePaused.PolicyEnforcesRetention("scan_results"));
        Assert.True(onePaused.UpgradePending);
    }

    [Fact]
    public void A_full_edition_with_a_missing_aggregate_is_not_the_timescaledb_mode()
    {
        var policies = AllPolicies(paused: null);
        var noAggregates = Layout("timescale", BothRaw, aggregates: false, policies);

        Assert.Equal(StorageMode.TimescaleDbApache, noAggregates.Mode);
        Assert.All(StorageLayout.Rollups, rollup => Assert.False(noAggregates.PolicyRefreshes(rollup)));
        Assert.True(noAggregates.UpgradePending);
    }

    [Fact]
    public void A_full_edition_that_does_not_compress_volume_slots_is_not_the_timescaledb_mode()
    {
        var policies = AllPolicies(paused: null).Where(p => !(p.Kind == TimescalePolicyKind.Compression && p.Relation == "volume_slots")).ToArray();
        var uncompressed = Layout("timescale", BothRaw, aggregates: true, policies);

        Assert.Equal(StorageMode.TimescaleDbApache, uncompressed.Mode);
        Assert.True(uncompressed.UpgradePending);
        Assert.All(RetentionBound.All, bound => Assert.True(uncompressed.PolicyEnforcesRetention(bound.Relation)));
    }

    private static StorageLayout Layout(string license, string[] hypertables, bool aggregates, IReadOnlyList<TimescalePolicy> policies) =>
        new("2.22.1", license, ExtensionOffered: true, new HashSet<string>(hypertables, StringComparer.Ordinal),
            aggregates
                ? new Dictionary<string, string>(StringComparer.Ordinal) { ["scan_results_1min"] = "_timescaledb_internal._materialized_hypertable_3", ["scan_results_1hour"] = "_timescaledb_internal._materialized_hypertable_4" }
                : new Dictionary<string, string>(StringComparer.Ordinal),
            policies);

    private static TimescalePolicy[] AllPolicies(string? paused)
    {
        var job = 1000;
        return
        [
            .. RetentionBound.All.Select(bound => new TimescalePolicy(job++, TimescalePolicyKind.Retention, bound.Relation, bound.Relation != paused)),
            .. StorageLayout.RawTables.Select(table => new TimescalePolicy(job++, TimescalePolicyKind.Compression, table, true)),
            .. StorageLayout.Rollups.Select(rollup => new TimescalePolicy(job++, TimescalePolicyKind.Refresh, rollup, true)),
        ];
    }
}
