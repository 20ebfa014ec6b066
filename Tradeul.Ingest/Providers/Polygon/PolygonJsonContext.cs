using System.Text.Json.Serialization;

namespace Tradeul.Ingest.Providers.Polygon;

// Case-sensitive on purpose (the default, stated so nobody "fixes" it): Polygon's lastQuote
// uses both "p" (bid) and "P" (ask). Source-generated so each fetch reuses ready metadata.
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(PolygonSnapshotEnvelope))]
internal sealed partial class PolygonJsonContext : JsonSerializerContext;
