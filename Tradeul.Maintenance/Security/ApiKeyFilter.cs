using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tradeul.Maintenance.Security;

/// <summary>
/// Requires <c>X-Api-Key</c> to equal <c>Maintenance:ApiKey</c>. Both sides are hashed first
/// so the comparison takes the same time whatever the length or content of the guess.
/// Refusals are counted and logged without the key.
/// </summary>
public sealed partial class ApiKeyFilter(IOptions<MaintenanceOptions> options, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey ?? ""));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var provided = context.HttpContext.Request.Headers[HeaderName].ToString();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(provided));
        if (provided.Length == 0 || !CryptographicOperations.FixedTimeEquals(hash, _expected))
        {
            LogRefused(logger, context.HttpContext.Request.Path, provided.Length == 0 ? "missing" : "wrong");
            return ValueTask.FromResult<object?>(Results.Json(new { error = $"A valid {HeaderName} header is required." }, statusCode: StatusCodes.Status401Unauthorized));
        }
        return next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Path}: API key {Problem}.")]
    private static partial void LogRefused(ILogger logger, string path, string problem);
}
