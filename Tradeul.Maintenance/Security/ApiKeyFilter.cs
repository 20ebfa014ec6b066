using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tradeul.Maintenance.Security;

/// <summary>
/// Requires <c>X-Api-Key</c> to equal <c>Maintenance:ApiKey</c>. Both sides are hashed first
/// so the comparison takes the same time whatever the length or content of the guess.
/// A missing or wrong key gets 401 as problem details (RFC 9457) with a <c>WWW-Authenticate</c>
/// challenge (RFC 9110 requires one on 401); 401 for a wrong key too, not 403: there is one key and
/// no roles, so a wrong key is a failed authentication, not an authenticated caller without rights.
/// Refusals are logged without the key.
/// </summary>
public sealed partial class ApiKeyFilter(IOptions<MaintenanceOptions> options, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>The challenge sent with every 401.</summary>
    public const string Challenge = $"ApiKey header=\"{HeaderName}\"";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey ?? ""));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var provided = context.HttpContext.Request.Headers[HeaderName].ToString();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(provided));
        if (provided.Length == 0 || !CryptographicOperations.FixedTimeEquals(hash, _expected))
        {
            LogRefused(logger, context.HttpContext.Request.Path, provided.Length == 0 ? "missing" : "wrong");
            context.HttpContext.Response.Headers.WWWAuthenticate = Challenge;
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key required",
                detail: $"This endpoint changes state: send the service's API key in the {HeaderName} header."));
        }
        return next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Path}: API key {Problem}.")]
    private static partial void LogRefused(ILogger logger, string path, string problem);
}

public static class ApiKeyEndpointExtensions
{
    /// <summary>Guards the endpoint with <see cref="ApiKeyFilter"/> and declares its 401 problem for OpenAPI.</summary>
    public static RouteHandlerBuilder RequireApiKey(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<ApiKeyFilter>().ProducesProblem(StatusCodes.Status401Unauthorized);
}
