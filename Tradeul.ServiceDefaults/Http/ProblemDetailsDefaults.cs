using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Tradeul.ServiceDefaults.Http;

/// <summary>
/// Every error a service answers is an RFC 9457 problem (<c>application/problem+json</c>):
/// <list type="bullet">
/// <item>an endpoint's own errors: <c>TypedResults.Problem(...)</c> in a <c>Results&lt;Ok&lt;T&gt;, ProblemHttpResult&gt;</c>
/// union, declared with <c>.ProducesProblem(status)</c> (not <c>TypedResults.NotFound(problem)</c>, which would
/// be sent as <c>application/json</c>);</item>
/// <item>an exception thrown anywhere in the pipeline: 500 (or a bad request's own status), title only,
/// no message or stack trace outside Development (where ASP.NET Core's developer page shows them);</item>
/// <item>any other 4xx/5xx sent without a body: unknown routes (404), wrong methods (405), ...;</item>
/// <item>requests Kestrel refuses before any middleware runs (a <c>%00</c> in the path, headers over its
/// limits): see <see cref="KestrelRejectionProblems"/>.</item>
/// </list>
/// A problem carries <c>traceId</c> (the W3C trace id of the request, as the dashboard shows it) and
/// never the request's path: input is quoted only through <see cref="UserInput.Quote"/>. ASP.NET Core
/// negotiates: a client sending no <c>Accept</c>, <c>*/*</c> (browsers, curl) or a JSON type gets the
/// problem; one that accepts only, say, <c>text/html</c> gets the status line as plain text.
/// </summary>
public static class ProblemDetailsDefaults
{
    public const string ContentType = "application/problem+json";

    /// <summary>Registers the problem details service and puts the handlers first in every web app's pipeline.</summary>
    public static IServiceCollection AddProblemDetailsDefaults(this IServiceCollection services)
    {
        services.AddProblemDetails();
        // A startup filter runs before the app's own middleware, so the handlers wrap everything,
        // including the routing WebApplication adds and the page's static files.
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, ProblemHandlersFirst>());
        // Endpoint defaults reach every endpoint: ASPNETCORE_URLS, UseUrls and Kestrel configuration alike.
        // Only one such callback exists per server; nothing else in Tradeul sets it.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(KestrelRejectionProblems.AddTo));
        return services;
    }

    private sealed class ProblemHandlersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var services = app.ApplicationServices;
            var subscription = KestrelRejectionProblems.Listen(services.GetRequiredService<DiagnosticListener>());
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(subscription.Dispose);
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            next(app);
        };
    }
}
