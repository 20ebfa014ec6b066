using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Tradeul.ServiceDefaults;

/// <summary>
/// How often Redis command spans are handed to OpenTelemetry. Aspire.StackExchange.Redis builds
/// them with its own internal copy of OpenTelemetry's StackExchange.Redis instrumentation, which
/// collects commands through StackExchange.Redis's profiler and turns them into spans on a
/// background thread every <c>FlushInterval</c> (10 s by default). The package has no public
/// way to set that interval (its options type is internal), so this is the one thing we add:
/// an <see cref="IConfigureOptions{TOptions}"/> for that internal type, found by name.
/// </summary>
public static class RedisCommandSpanFlush
{
    /// <summary>
    /// 1 s: well inside a 5 s scanner cycle, so a cycle's Redis commands reach the exporter
    /// (and the dashboard) before the next cycle starts. A flush walks the open profiling
    /// sessions, one per span that issued commands, so a short interval costs little.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    internal const string OptionsTypeName = "OpenTelemetry.Instrumentation.StackExchangeRedis.StackExchangeRedisInstrumentationOptions";
    private const string FlushIntervalProperty = "FlushInterval";

    /// <summary>
    /// Registers <paramref name="interval"/> as the flush interval of every Redis client that
    /// <c>AddRedisClient</c> registers in <paramref name="services"/> (before or after this call).
    /// </summary>
    /// <param name="services">The service collection of the host.</param>
    /// <param name="interval">At least 1 ms; the drain thread waits this long between flushes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is under 1 ms.</exception>
    /// <exception cref="InvalidOperationException">
    /// The Aspire.StackExchange.Redis in use no longer has the internal options type or its
    /// <c>FlushInterval</c> property: its upgrade moved them, and this needs revisiting. Thrown
    /// while the host is being built, so the test suite catches it at the upgrade.
    /// </exception>
    public static IServiceCollection ConfigureRedisCommandSpanFlush(this IServiceCollection services, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromMilliseconds(1));

        var package = typeof(AspireRedisExtensions).Assembly;
        var optionsType = package.GetType(OptionsTypeName, throwOnError: false);
        var property = optionsType?.GetProperty(FlushIntervalProperty, BindingFlags.Public | BindingFlags.Instance);
        if (optionsType is null || property is null || property.PropertyType != typeof(TimeSpan) || !property.CanWrite)
        {
            throw new InvalidOperationException(
                $"{package.GetName().Name} {package.GetName().Version} has no settable {OptionsTypeName}.{FlushIntervalProperty}; " +
                "Redis command spans would be flushed only every 10 s. Find the new way to set the interval.");
        }

        var setup = Activator.CreateInstance(typeof(SetFlushInterval<>).MakeGenericType(optionsType), property, interval)!;
        services.AddSingleton(typeof(IConfigureOptions<>).MakeGenericType(optionsType), setup);
        return services;
    }

    /// <summary>
    /// Unnamed on purpose: the package asks for the default-named options for every connection.
    /// </summary>
    private sealed class SetFlushInterval<TOptions>(PropertyInfo property, TimeSpan interval) : IConfigureOptions<TOptions>
        where TOptions : class
    {
        public void Configure(TOptions options) => property.SetValue(options, interval);
    }
}
