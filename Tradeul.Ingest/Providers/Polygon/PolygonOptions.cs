namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>Bound from the <c>Polygon</c> section; only read when Polygon is the provider.</summary>
public sealed class PolygonOptions
{
    public const string SectionName = "Polygon";

    /// <summary>Secret. Sent only as a bearer header, so it never shows up in a logged URL.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Polygon (now Massive) REST root; a proxy with a base path works too.</summary>
    public string BaseUrl { get; set; } = "https://api.polygon.io";

    /// <summary>Budget for one whole snapshot: request, headers and the full body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>OTC tickers are thousands of rows the scanner does not rank by default.</summary>
    public bool IncludeOtc { get; set; }
}
