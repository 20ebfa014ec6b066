using Aspire.Hosting.ApplicationModel;

namespace Tradeul.AppHost.Local;

/// <summary>
/// The PostgreSQL server from the machine's packages (<c>postgres</c>), run by DCP as an executable and
/// as the <c>postgres</c> user when the AppHost runs as root (PostgreSQL refuses to run as root).
/// </summary>
/// <remarks>
/// Connection string shape as Aspire's <c>PostgresServerResource</c>:
/// <c>Host=…;Port=…;Username=postgres;Password=…</c>. The password is the AppHost's parameter; it is set on
/// the role over the owner-only Unix socket at each start, so a kept data folder follows a new password.
/// </remarks>
internal sealed class LocalPostgresServerResource(
    string name, string command, string workingDirectory, ParameterResource password, LocalPostgresLayout layout)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string UserName = "postgres";

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>Where the cluster, its socket and its binaries are.</summary>
    public LocalPostgresLayout Layout { get; } = layout;

    /// <summary>Databases to create once the server is ready (database name by resource name).</summary>
    public Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}

/// <summary>A database on <see cref="LocalPostgresServerResource"/>, created when the server is ready.</summary>
internal sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    public LocalPostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
