using Aspire.Hosting.ApplicationModel;

namespace Tradeul.AppHost.Local;

/// <summary>
/// <c>redis-server</c> from the machine's packages, run by DCP as an executable (no container engine).
/// </summary>
/// <remarks>
/// Its connection string has the shape of Aspire's <c>RedisResource</c> (<c>host:port,password=…</c>),
/// so a service cannot tell the two modes apart.
/// </remarks>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}
