using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Tradeul.Maintenance.Storage;

namespace Tradeul.Benchmarks.DbWeek;

/// <summary>
/// TimescaleDB's policy jobs on Tradeul's relations, run on the simulated clock. A policy measures its window
/// against the server's wall clock (<c>now()</c>), which a simulated month cannot move; so the scheduler's own
/// runs are pushed to <c>infinity</c> (the jobs stay scheduled, so the storage mode and Maintenance's decisions
/// are those of the full edition) and each job's own operation runs here at its schedule_interval, with the
/// window from its config (<c>drop_after</c>, <c>compress_after</c>, <c>start_offset</c>/<c>end_offset</c>)
/// measured from the simulated time: <c>drop_chunks</c>, <c>compress_chunk</c> on the chunks old enough, and
/// <c>refresh_continuous_aggregate</c>.
/// </summary>
internal sealed class TimescalePolicyReplay
{
    private readonly NpgsqlDataSource _database;
    private readonly List<Job> _jobs;

    private TimescalePolicyReplay(NpgsqlDataSource database, List<Job> jobs)
    {
        _database = database;
        _jobs = jobs;
    }

    public int Count => _jobs.Count;

    /// <summary>Reads the policy jobs, stops the scheduler from running them, and plans each one's first run at <paramref name="start"/>.</summary>
    public static async Task<TimescalePolicyReplay> CreateAsync(NpgsqlDataSource database, DateTimeOffset start)
    {
        var jobs = new List<Job>();
        await using (var command = database.CreateCommand(
            """
            SELECT job_id, proc_name::text, hypertable_name::text, extract(epoch FROM schedule_interval)::float8, config::text
            FROM timescaledb_information.jobs
            WHERE hypertable_schema = current_schema() AND proc_schema IN ('_timescaledb_functions', '_timescaledb_internal')
            ORDER BY job_id
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (TimescalePolicy.KindOf(reader.GetString(1)) is not { } kind)
                {
                    continue;
                }
                using var config = JsonDocument.Parse(reader.GetString(4));
                jobs.Add(new Job(reader.GetInt32(0), kind, reader.GetString(2), TimeSpan.FromSeconds(reader.GetDouble(3)),
                    Interval(config.RootElement, "drop_after") ?? Interval(config.RootElement, "compress_after"),
                    Interval(config.RootElement, "start_offset"), Interval(config.RootElement, "end_offset"))
                { NextRun = start });
            }
        }
        foreach (var job in jobs)
        {
            await using var never = database.CreateCommand("SELECT alter_job($1, next_start => 'infinity')");
            never.Parameters.AddWithValue(job.Id);
            await never.ExecuteNonQueryAsync();
        }
        return new TimescalePolicyReplay(database, jobs);
    }

    /// <summary>Runs every job due at <paramref name="now"/>; returns the milliseconds each retention run took.</summary>
    public async Task<List<double>> RunDueAsync(DateTimeOffset now)
    {
        var retentionMs = new List<double>();
        foreach (var job in _jobs.Where(job => job.NextRun <= now))
        {
            var started = Stopwatch.GetTimestamp();
            await RunAsync(job, now);
            if (job.Kind == TimescalePolicyKind.Retention)
            {
                retentionMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            while (job.NextRun <= now)
            {
                job.NextRun += job.Schedule;
            }
        }
        return retentionMs;
    }

    private async Task RunAsync(Job job, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        await using var connection = await _database.OpenConnectionAsync();
        switch (job.Kind)
        {
            case TimescalePolicyKind.Retention:
            {
                await using var drop = new NpgsqlCommand("SELECT count(*) FROM drop_chunks($1::regclass, older_than => $2)", connection);
                drop.Parameters.AddWithValue(job.Relation);
                drop.Parameters.Add(await BoundaryAsync(connection, job.Relation, utc - job.After!.Value));
                await drop.ExecuteScalarAsync();
                break;
            }
            case TimescalePolicyKind.Compression:
            {
                await using var compress = new NpgsqlCommand(
                    "SELECT count(compress_chunk(c, if_not_compressed => true)) FROM show_chunks($1::regclass, older_than => $2) AS c", connection)
                {
                    CommandTimeout = 600,
                };
                compress.Parameters.AddWithValue(job.Relation);
                compress.Parameters.Add(await BoundaryAsync(connection, job.Relation, utc - job.After!.Value));
                await compress.ExecuteScalarAsync();
                break;
            }
            case TimescalePolicyKind.Refresh:
            {
                await using var refresh = new NpgsqlCommand("CALL refresh_continuous_aggregate($1::regclass, $2, $3)", connection) { CommandTimeout = 600 };
                refresh.Parameters.AddWithValue(job.Relation);
                refresh.Parameters.Add(new NpgsqlParameter { Value = utc - job.StartOffset!.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                refresh.Parameters.Add(new NpgsqlParameter { Value = utc - job.EndOffset!.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                await refresh.ExecuteNonQueryAsync();
                break;
            }
        }
    }

    /// <summary>The boundary in the type of the relation's time column: a date for <c>volume_slots</c> (UTC date, as the policy casts it), else the instant.</summary>
    private static async Task<NpgsqlParameter> BoundaryAsync(NpgsqlConnection connection, string relation, DateTimeOffset boundary)
    {
        await using var type = new NpgsqlCommand(
            "SELECT column_type::text FROM timescaledb_information.dimensions WHERE hypertable_schema = current_schema() AND hypertable_name = $1 AND dimension_number = 1", connection);
        type.Parameters.AddWithValue(relation);
        return (string?)await type.ExecuteScalarAsync() == "date"
            ? new NpgsqlParameter { Value = DateOnly.FromDateTime(boundary.UtcDateTime), NpgsqlDbType = NpgsqlDbType.Date }
            : new NpgsqlParameter { Value = boundary, NpgsqlDbType = NpgsqlDbType.TimestampTz };
    }

    private static TimeSpan? Interval(JsonElement config, string name)
    {
        if (!config.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        // TimescaleDB writes intervals as PostgreSQL prints them: "14 days", "02:00:00", "1 day", "00:01:00".
        var text = value.GetString()!;
        var days = 0;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var time = TimeSpan.Zero;
        for (var i = 0; i < parts.Length; i++)
        {
            if (i + 1 < parts.Length && parts[i + 1].StartsWith("day", StringComparison.Ordinal))
            {
                days = int.Parse(parts[i], CultureInfo.InvariantCulture);
                i++;
            }
            else
            {
                time = TimeSpan.Parse(parts[i], CultureInfo.InvariantCulture);
            }
        }
        return TimeSpan.FromDays(days) + time;
    }

    private sealed record Job(int Id, TimescalePolicyKind Kind, string Relation, TimeSpan Schedule, TimeSpan? After, TimeSpan? StartOffset, TimeSpan? EndOffset)
    {
        public DateTimeOffset NextRun { get; set; }
    }
}
