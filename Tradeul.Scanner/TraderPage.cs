using System.Reflection;
using Microsoft.Extensions.FileProviders;

namespace Tradeul.Scanner;

/// <summary>
/// The trader's scanner page at <c>/</c>: plain HTML, CSS and JavaScript from <c>wwwroot/</c>,
/// embedded in the Scanner's assembly so it is served the same whatever the content root
/// (the AppHost, a published folder, a test host). No build step, no outside CDN.
/// </summary>
public static class TraderPage
{
    public static WebApplication MapTraderPage(this WebApplication app)
    {
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
