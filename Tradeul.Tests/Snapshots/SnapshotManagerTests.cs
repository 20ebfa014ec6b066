using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Snapshots;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Snapshots;

[Collection(RealServersCollection.Name)]
public sealed class SnapshotManagerTests(RealServersFixture servers, ITestOutputHelper output) : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-23T14:30:00Z"));
    private readonly List<IHost> _hosts = [];

    private (SnapshotManager Manager, IDatabase Database) Create(params KeyValuePair<string, string?>[] settings)
    {
        var builder = TestHosts.Builder(servers.RedisConnectionString, settings, _time, output);
        builder.Services.AddSnapshotManager();
        var host = builder.Build();
        _hosts.Add(host);
        return (host.Services.GetRequiredService<SnapshotManager>(), host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase());
    }

    private static string NewName() => "t" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task First_save_is_full_then_deltas_then_full_again_after_the_full_interval()
    {
        var (manager, _) = Create();
        var name = NewName();
        var rows = SnapshotTestRows.Market(200, seed: 1);

        var first = await manager.SaveAsync(name, rows);
        Assert.Equal((SnapshotKind.Full, SnapshotSaveReason.First, 1L), (first.Kind, first.Reason, first.Sequence));

        rows[3] = SnapshotTestRows.Quote(rows[3].Key, 1, 1, 1);
        var second = await manager.SaveAsync(name, rows);
        Assert.Equal((SnapshotKind.Delta, 2L, 1L), (second.Kind, second.Sequence, second.BaseSequence));
        Assert.True(second.StoredBytes < first.StoredBytes / 4, $"delta {second.StoredBytes} B vs full {first.StoredBytes} B");

        _time.Advance(TimeSpan.FromMinutes(4));
        rows[4] = SnapshotTestRows.Quote(rows[4].Key, 2, 2, 2);
        var third = await manager.SaveAsync(name, rows);
        Assert.Equal((SnapshotKind.Delta, 3L, 1L), (third.Kind, third.Sequence, third.BaseSequence));

        _time.Advance(TimeSpan.FromMinutes(1));
        var fourth = await manager.SaveAsync(name, rows);
        Assert.Equal((SnapshotKind.Full, SnapshotSaveReason.Interval, 4L, 4L), (fourth.Kind, fourth.Reason, fourth.Sequence, fourth.BaseSequence));

        var loaded = await manager.LoadAsync(name);
        Assert.NotNull(loaded);
        Assert.Equal(4, loaded.Sequence);
        SnapshotTestRows.AssertSameRows(rows, loaded.Rows);
    }

    [Fact]
    public async Task A_delta_not_much_smaller_than_a_full_snapshot_is_written_as_a_full_one()
    {
        var (manager, _) = Create();
        var name = NewName();
        await manager.SaveAsync(name, SnapshotTestRows.Market(300, seed: 1));

        var everythingChanged = await manager.SaveAsync(name, SnapshotTestRows.Market(300, seed: 2));

        Assert.Equal((SnapshotKind.Full, SnapshotSaveReason.DeltaTooLarge), (everythingChanged.Kind, everythingChanged.Reason));
    }

    [Fact]
    public async Task Rows_that_all_change_a_field_or_two_every_save_are_written_as_deltas()
    {
        // A ranking: every ticker's volume moves every cycle, its name and sector never.
        var (manager, _) = Create();
        var name = NewName();
        static List<SnapshotRow> Ranking(int cycle) => Enumerable.Range(0, 100).Select(i => new SnapshotRow(SnapshotTestRows.Symbol(i),
            System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant(
                $"{{\"symbol\":\"{SnapshotTestRows.Symbol(i)}\",\"price\":{10 + i + (cycle % 3) * 0.01},\"volume\":{1_000_000 + cycle * 1_000 + i},\"name\":\"Company {i} Holdings, Inc.\",\"sector\":\"Technology\",\"market_cap\":{i * 1_000_000L}}}")))).ToList();
        var full = await manager.SaveAsync(name, Ranking(0));

        var saves = new List<SnapshotSaveResult>();
        for (var cycle = 1; cycle <= 5; cycle++)
        {
            saves.Add(await manager.SaveAsync(name, Ranking(cycle)));
        }

        Assert.All(saves, s => Assert.Equal(SnapshotKind.Delta, s.Kind));
        Assert.All(saves, s => Assert.True(s.RawBytes * 2 < full.RawBytes, $"delta raw {s.RawBytes} B vs full raw {full.RawBytes} B"));
        SnapshotTestRows.AssertSameRows(Ranking(5), (await manager.LoadAsync(name))!.Rows);
    }

    [Fact]
    public async Task The_delta_chain_is_capped_by_max_deltas_per_full()
    {
        var (manager, _) = Create(new KeyValuePair<string, string?>("Snapshots:MaxDeltasPerFull", "3"));
        var name = NewName();
        var rows = SnapshotTestRows.Market(50, seed: 3);
        var kinds = new List<SnapshotKind>();
        for (var i = 0; i < 6; i++)
        {
            rows[i] = SnapshotTestRows.Quote(rows[i].Key, i, i, i);
            kinds.Add((await manager.SaveAsync(name, rows)).Kind);
        }
        Assert.Equal([SnapshotKind.Full, SnapshotKind.Delta, SnapshotKind.Delta, SnapshotKind.Delta, SnapshotKind.Full, SnapshotKind.Delta], kinds);
    }

    [Fact]
    public async Task Load_returns_exactly_the_last_saved_state_over_random_save_sequences()
    {
        var (manager, _) = Create();
        var random = new Random(20261123);
        var fulls = 0;
        var deltas = 0;
        for (var sequence = 0; sequence < 40; sequence++)
        {
            var name = NewName();
            var nextSymbol = random.Next(0, 150);
            var state = SnapshotTestRows.Market(nextSymbol, seed: sequence);
            for (var save = 0; save < 25; save++)
            {
                state = Mutate(state, random, ref nextSymbol);
                if (random.Next(10) == 0)
                {
                    _time.Advance(TimeSpan.FromMinutes(random.Next(1, 7)));
                }
                var result = await manager.SaveAsync(name, state);
                if (result.Kind == SnapshotKind.Full) fulls++; else deltas++;

                var loaded = await manager.LoadAsync(name);
                Assert.NotNull(loaded);
                Assert.Null(loaded.FallbackReason);
                Assert.Equal(result.Sequence, loaded.Sequence);
                SnapshotTestRows.AssertSameRows(state, loaded.Rows);
            }
        }
        output.WriteLine($"{fulls} full and {deltas} delta saves");
        // Both paths must be exercised for the equality above to mean anything.
        Assert.True(deltas >= 300, $"only {deltas} deltas were exercised");
        Assert.True(fulls >= 80, $"only {fulls} full snapshots were exercised");
    }

    /// <summary>Adds, removes, updates, moves, and now and then empties the state.</summary>
    private static List<SnapshotRow> Mutate(List<SnapshotRow> state, Random random, ref int nextSymbol)
    {
        var next = new List<SnapshotRow>(state);
        switch (random.Next(12))
        {
            case 0:
                return [];
            case 1:
                next.Reverse();
                break;
        }
        var removals = random.Next(0, Math.Min(4, next.Count + 1));
        for (var i = 0; i < removals; i++)
        {
            next.RemoveAt(random.Next(next.Count));
        }
        var additions = random.Next(0, 8);
        for (var i = 0; i < additions; i++)
        {
            next.Insert(random.Next(next.Count + 1), SnapshotTestRows.Quote(SnapshotTestRows.Symbol(nextSymbol++), random.Next(1, 500), random.Next(1, 100_000), random.Next(-10, 10)));
        }
        var updates = random.Next(0, Math.Min(6, next.Count + 1));
        for (var i = 0; i < updates; i++)
        {
            var at = random.Next(next.Count);
            next[at] = SnapshotTestRows.Quote(next[at].Key, random.Next(1, 500), random.Next(1, 100_000), random.Next(-10, 10));
        }
        if (next.Count > 1 && random.Next(3) == 0)
        {
            var from = random.Next(next.Count);
            var row = next[from];
            next.RemoveAt(from);
            next.Insert(random.Next(next.Count + 1), row);
        }
        if (next.Count > 0 && random.Next(20) == 0)
        {
            next[0] = next[0] with { Value = [] };
        }
        return next;
    }

    [Fact]
    public async Task A_missing_delta_makes_load_fall_back_to_the_full_snapshot_and_say_so()
    {
        var (manager, database) = Create();
        var name = NewName();
        var rows = SnapshotTestRows.Market(100, seed: 5);
        await manager.SaveAsync(name, rows);
        var fullState = rows.ToList();
        for (var i = 0; i < 3; i++)
        {
            rows[i] = SnapshotTestRows.Quote(rows[i].Key, 900 + i, i, i);
            Assert.Equal(SnapshotKind.Delta, (await manager.SaveAsync(name, rows)).Kind);
        }

        Assert.Equal(1, await database.StreamDeleteAsync(RedisKeys.SnapshotDeltas(name), ["3-0"]));
        var loaded = await manager.LoadAsync(name);

        Assert.NotNull(loaded);
        Assert.True(loaded.FellBackToFull);
        Assert.Contains("gap", loaded.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(1, loaded.Sequence);
        Assert.Equal(0, loaded.DeltasApplied);
        SnapshotTestRows.AssertSameRows(fullState, loaded.Rows);
    }

    [Fact]
    public async Task A_refused_delta_write_is_turned_into_a_full_snapshot_by_the_fallback()
    {
        var (manager, database) = Create();
        var name = NewName();
        var rows = SnapshotTestRows.Market(100, seed: 6);
        await manager.SaveAsync(name, rows);

        // A string where the deltas stream should be: Redis refuses the XADD with WRONGTYPE.
        await database.StringSetAsync(RedisKeys.SnapshotDeltas(name), "not a stream");
        rows[0] = SnapshotTestRows.Quote(rows[0].Key, 1, 1, 1);
        var refused = await manager.SaveAsync(name, rows);

        Assert.Equal((SnapshotKind.Full, SnapshotSaveReason.DeltaFailed, 2L), (refused.Kind, refused.Reason, refused.Sequence));
        SnapshotTestRows.AssertSameRows(rows, (await manager.LoadAsync(name))!.Rows);

        // The full save cleared the broken key, so the cheap path works again.
        rows[1] = SnapshotTestRows.Quote(rows[1].Key, 2, 2, 2);
        var after = await manager.SaveAsync(name, rows);
        Assert.Equal((SnapshotKind.Delta, 3L, 2L), (after.Kind, after.Sequence, after.BaseSequence));
        SnapshotTestRows.AssertSameRows(rows, (await manager.LoadAsync(name))!.Rows);
    }

    [Fact]
    public async Task A_restarted_writer_keeps_numbering_upwards_from_what_redis_holds()
    {
        var name = NewName();
        var rows = SnapshotTestRows.Market(20, seed: 7);
        var (first, _) = Create();
        await first.SaveAsync(name, rows);
        rows[0] = SnapshotTestRows.Quote(rows[0].Key, 1, 1, 1);
        Assert.Equal(2, (await first.SaveAsync(name, rows)).Sequence);

        var (restarted, _) = Create();
        var result = await restarted.SaveAsync(name, rows);

        Assert.Equal((SnapshotKind.Full, SnapshotSaveReason.First, 3L), (result.Kind, result.Reason, result.Sequence));
    }

    [Fact]
    public async Task Load_of_a_name_never_saved_is_null()
    {
        var (manager, _) = Create();
        Assert.Null(await manager.LoadAsync(NewName()));
    }

    [Fact]
    public async Task Twelve_thousand_rows_with_five_percent_changed_store_a_delta_far_smaller_than_the_full_snapshot()
    {
        var (manager, _) = Create();
        var name = NewName();
        var rows = SnapshotTestRows.Market(12_000, seed: 8);
        var full = await manager.SaveAsync(name, rows);
        var random = new Random(9);
        foreach (var i in Enumerable.Range(0, rows.Count).OrderBy(_ => random.Next()).Take(600))
        {
            rows[i] = SnapshotTestRows.Quote(rows[i].Key, 5 + random.NextDouble() * 200, random.Next(1_000, 5_000_000), random.NextDouble() * 20 - 10);
        }

        var delta = await manager.SaveAsync(name, rows);

        output.WriteLine($"12,000 rows, 5 % changed: full raw {full.RawBytes} B stored {full.StoredBytes} B; delta raw {delta.RawBytes} B stored {delta.StoredBytes} B; ratio {(double)delta.StoredBytes / full.StoredBytes:P1}");
        Assert.Equal(SnapshotKind.Delta, delta.Kind);
        Assert.True(delta.StoredBytes * 10 < full.StoredBytes, $"delta {delta.StoredBytes} B should be under a tenth of full {full.StoredBytes} B");
        SnapshotTestRows.AssertSameRows(rows, (await manager.LoadAsync(name))!.Rows);
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }
}
