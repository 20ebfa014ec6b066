namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>Polygon answered with a success code but a body that is not a usable snapshot.</summary>
public sealed class PolygonResponseException(string message, Exception? innerException = null)
    : Exception(message, innerException);
