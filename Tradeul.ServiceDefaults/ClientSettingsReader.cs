using Microsoft.Extensions.Configuration;

namespace Tradeul.ServiceDefaults;

/// <summary>
/// Reads client settings the way Aspire's client integrations do: the general section,
/// then the named one over it, then <c>ConnectionStrings:{name}</c> over both.
/// </summary>
internal static class ClientSettingsReader
{
    public static T Read<T>(IConfiguration configuration, string sectionName, string connectionName, Func<T, string?> connectionString, Action<T, string> setConnectionString)
        where T : new()
    {
        var settings = new T();
        var general = configuration.GetSection(sectionName);
        general.Bind(settings);
        general.GetSection(connectionName).Bind(settings);

        var fromConnectionStrings = configuration.GetConnectionString(connectionName);
        if (!string.IsNullOrWhiteSpace(fromConnectionStrings))
        {
            setConnectionString(settings, fromConnectionStrings);
        }

        if (string.IsNullOrWhiteSpace(connectionString(settings)))
        {
            // Say where we looked, never what a (partial) value was: it may hold a password.
            throw new InvalidOperationException(
                $"No connection string for '{connectionName}': set ConnectionStrings:{connectionName} " +
                $"or {sectionName}:{connectionName}:ConnectionString.");
        }
        return settings;
    }
}
