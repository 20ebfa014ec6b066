namespace Tradeul.Ingest.Validation;

/// <summary>Why a row never reached snapshots:raw; the tag of the dropped-rows metric and the keys of /api/ingest/stats.</summary>
public static class DropReasons
{
    public const string MissingSymbol = "missing_symbol";
    public const string InvalidPrice = "invalid_price";
    public const string NonFiniteValue = "non_finite_value";
    public const string NegativeVolume = "negative_volume";
    public const string EmptyDayBar = "empty_day_bar";
    public const string DuplicateSymbol = "duplicate_symbol";
    public const string InvalidSymbol = "invalid_symbol";
}
