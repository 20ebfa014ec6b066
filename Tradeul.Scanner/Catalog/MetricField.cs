using System.Text.Json.Serialization;

namespace Tradeul.Scanner.Catalog;

/// <summary>
/// One field a scan can use, as <c>GET /api/fields</c> serves it:
/// <c>{"name":"change_5min_percent","unit":"percent","source":"window","description":"…","rule":"…"}</c>.
/// </summary>
/// <param name="Name">Lower-case snake_case, as the ranking JSON and the scan language spell it.</param>
/// <param name="Unit">What the number means; <see cref="MetricUnit.Text"/> for a text field.</param>
/// <param name="Source">Where the value comes from.</param>
/// <param name="Description">One line for a trader.</param>
/// <param name="Rule">The formula or rule, with when it is null.</param>
public sealed record MetricField(string Name, MetricUnit Unit, MetricSource Source, string Description, string Rule)
{
    /// <summary>Position in <see cref="MetricCatalog.All"/>: the index of its column in <see cref="MetricColumns"/>.</summary>
    [JsonIgnore]
    public int Ordinal { get; internal init; }

    [JsonIgnore]
    public bool IsText => Unit == MetricUnit.Text;
}
