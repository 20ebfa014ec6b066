using System.Text.Json.Serialization;

namespace Tradeul.Scanner.Catalog;

/// <summary>What a catalog field's number means; <see cref="Text"/> marks a text field.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricUnit>))]
public enum MetricUnit
{
    /// <summary>Percent as 0-100: 5 means 5 %.</summary>
    [JsonStringEnumMemberName("percent")] Percent,

    /// <summary>US dollars.</summary>
    [JsonStringEnumMemberName("usd")] Usd,

    /// <summary>A count of shares.</summary>
    [JsonStringEnumMemberName("shares")] Shares,

    /// <summary>A plain ratio: 2 means twice.</summary>
    [JsonStringEnumMemberName("ratio")] Ratio,

    /// <summary>A number with no unit (the score).</summary>
    [JsonStringEnumMemberName("number")] Number,

    /// <summary>Text, compared with <c>==</c>, <c>!=</c> and <c>in (...)</c>.</summary>
    [JsonStringEnumMemberName("text")] Text,
}

/// <summary>Where a catalog field's value comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricSource>))]
public enum MetricSource
{
    /// <summary>Straight from the ticker's row in the market snapshot (<c>snapshots:raw</c>).</summary>
    [JsonStringEnumMemberName("snapshot")] Snapshot,

    /// <summary>Reference data (<c>metadata:ticker:{SYM}</c>), refreshed every few minutes.</summary>
    [JsonStringEnumMemberName("reference")] Reference,

    /// <summary>Computed each cycle from the snapshot, the reference data and the RVOL baseline.</summary>
    [JsonStringEnumMemberName("computed")] Computed,

    /// <summary>Computed each cycle from the Scanner's recent history of snapshots (intraday windows).</summary>
    [JsonStringEnumMemberName("window")] Window,
}
