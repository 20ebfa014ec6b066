using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Tradeul.Scanner.Api;

/// <summary>
/// 200 with a ranking's JSON as the Scanner already encoded it (<c>SseFrame.Json</c>): no serializing
/// per request. Declares <see cref="Ranking"/> as the body in the OpenAPI document.
/// </summary>
public sealed class RankingJson(ReadOnlyMemory<byte> json) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string JsonContentType = "application/json";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Bytes(json, JsonContentType).ExecuteAsync(httpContext);

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Ranking), [JsonContentType]));
}
