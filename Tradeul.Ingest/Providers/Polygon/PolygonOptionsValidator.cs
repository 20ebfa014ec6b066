using Microsoft.Extensions.Options;

namespace Tradeul.Ingest.Providers.Polygon;

public sealed class PolygonOptionsValidator : IValidateOptions<PolygonOptions>
{
    public ValidateOptionsResult Validate(string? name, PolygonOptions options)
    {
        const string prefix = PolygonOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{prefix}:ApiKey is required when Ingest:Provider is polygon.");
        }
        else if (options.ApiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            // A key pasted with a trailing newline would otherwise fail later as a vague header error.
            failures.Add($"{prefix}:ApiKey must not contain whitespace or control characters.");
        }
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{prefix}:BaseUrl must be an absolute http or https URL (was '{options.BaseUrl}').");
        }
        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:Timeout must be greater than zero (was {options.Timeout}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
