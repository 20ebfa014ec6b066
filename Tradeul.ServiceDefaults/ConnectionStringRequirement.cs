using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Fail-fast check for a client's connection string. Aspire's client packages
/// (<c>AddRedisClient</c>, <c>AddNpgsqlDataSource</c>) accept a missing one at registration and
/// throw only when the client is first resolved, which can be minutes into a run or inside a
/// background loop. Called just before them, this stops the service while it is being built.
/// </summary>
public static class ConnectionStringRequirement
{
    /// <summary>The settings section Aspire.StackExchange.Redis reads (<c>AddRedisClient</c>).</summary>
    public const string RedisSettingsSection = "Aspire:StackExchange:Redis";

    /// <summary>The settings section Aspire.Npgsql reads (<c>AddNpgsqlDataSource</c>).</summary>
    public const string NpgsqlSettingsSection = "Aspire:Npgsql";

    /// <summary>
    /// Throws unless the connection string that the Aspire client registered next will use is
    /// set and not blank. It is looked up as the packages do: <c>ConnectionStrings:{connectionName}</c>
    /// when that key exists (even empty), otherwise <c>{settingsSection}:{connectionName}:ConnectionString</c>,
    /// otherwise <c>{settingsSection}:ConnectionString</c>.
    /// </summary>
    /// <param name="builder">The builder whose configuration is read; nothing is registered.</param>
    /// <param name="connectionName">The name passed to the client method, e.g. <c>"redis"</c>.</param>
    /// <param name="settingsSection"><see cref="RedisSettingsSection"/> or <see cref="NpgsqlSettingsSection"/>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="InvalidOperationException">
    /// No usable connection string. The message names the keys looked at and never any value:
    /// a connection string may hold a password.
    /// </exception>
    public static IHostApplicationBuilder RequireConnectionString(this IHostApplicationBuilder builder, string connectionName, string settingsSection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        ArgumentException.ThrowIfNullOrWhiteSpace(settingsSection);

        var configuration = builder.Configuration;
        var connectionStringKey = $"ConnectionStrings:{connectionName}";
        var namedKey = $"{settingsSection}:{connectionName}:ConnectionString";
        var generalKey = $"{settingsSection}:ConnectionString";
        // The packages let an existing ConnectionStrings key win even when it is empty.
        var value = configuration[connectionStringKey] ?? configuration[namedKey] ?? configuration[generalKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"No connection string for '{connectionName}': set {connectionStringKey} " +
                $"(environment variable ConnectionStrings__{connectionName}), or {namedKey}.");
        }
        return builder;
    }
}
