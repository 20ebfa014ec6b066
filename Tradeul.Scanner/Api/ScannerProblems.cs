using Microsoft.AspNetCore.Mvc;
using Tradeul.Scanner.Compute;
using Tradeul.ServiceDefaults.Http;

namespace Tradeul.Scanner.Api;

/// <summary>The Scanner's own problems (RFC 9457).</summary>
public static class ScannerProblems
{
    /// <summary>The extension member of <see cref="UnknownCategory"/> listing every valid name.</summary>
    public const string CategoriesMember = "categories";

    private static readonly string[] CategoryNames = [.. ScanCategories.All.Select(c => c.Name)];

    /// <summary>404: no category has <paramref name="name"/>; names the valid ones, in the detail and as <c>categories</c>.</summary>
    public static NotFoundProblem UnknownCategory(string name) => new(new ProblemDetails
    {
        Title = "Unknown category",
        Detail = $"No category is named {UserInput.Quote(name)}. Valid names: {string.Join(", ", CategoryNames)}.",
        Extensions = { [CategoriesMember] = CategoryNames },
    });
}
