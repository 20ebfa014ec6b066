namespace Tradeul.Tests.Infrastructure;

/// <summary>TimescaleDB's two editions, as a PostgreSQL server runs them (its <c>timescaledb.license</c>).</summary>
public enum TimescaleEdition
{
    /// <summary>Timescale License: compression, policies, continuous aggregates. Needs the TSL library.</summary>
    Full,

    /// <summary>Apache 2.0 only (as managed Azure PostgreSQL offers it): hypertables and <c>drop_chunks</c>, no policies.</summary>
    Apache,
}
