using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Tradeul.ServiceDefaults.Http;

/// <summary>
/// A 404 whose body is an RFC 9457 problem, for a typed-results union such as
/// <c>Results&lt;Ok&lt;T&gt;, NotFoundProblem&gt;</c>. <c>TypedResults.NotFound(problem)</c> would write the
/// same JSON as <c>application/json</c>; this writes <c>application/problem+json</c> through the
/// problem details service (so it carries the <c>traceId</c> like every other error) and puts that
/// response, with the <see cref="ProblemDetails"/> schema, in the OpenAPI document.
/// </summary>
public sealed class NotFoundProblem : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult, IValueHttpResult<ProblemDetails>
{
    /// <param name="problem">Title and detail of what was not found; its status is set to 404. Quote request
    /// input in it with <see cref="UserInput.Quote"/>, never whole.</param>
    public NotFoundProblem(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        problem.Status = StatusCodes.Status404NotFound;
        Value = problem;
    }

    public ProblemDetails Value { get; }

    public int StatusCode => StatusCodes.Status404NotFound;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => ProblemDetailsDefaults.ContentType;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), [ProblemDetailsDefaults.ContentType]));
}
