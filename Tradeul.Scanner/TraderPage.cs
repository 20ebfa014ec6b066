using Microsoft.Extensions.FileProviders;

namespace Tradeul.Scanner;

/// <summary>
/// The trader's scanner page at <c>/</c>: plain HTML, CSS and JavaScript from <c>wwwroot/</c>,
/// embedded in the Scanner's assembly so it is served the same whatever the content root
/// (the AppHost, a published folder, a test host). No build step, no outside CDN, no inline
/// script or style: the page runs under <see cref="ContentSecurityPolicy"/>.
/// </summary>
public static class TraderPage
{
    /// <summary>
    /// Only the Scanner's own files and API (scripts, styles, the favicon, fetch and EventSource);
    /// no inline script, style element or style attribute; no plugins, no base or form targets;
    /// never framed (clickjacking).
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication MapTraderPage(this WebApplication app)
    {
        // On every response of the Scanner, not only the page's: a JSON or problem body opened in a
        // tab is then no place to run anything either. OnStarting also covers responses written after
        // an exception cleared the headers.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });

        var files = new EmbeddedFileProvider(typeof(TraderPage).Assembly, "Tradeul.Scanner.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // The page and its script change with the Scanner: a reload must never mix versions.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
