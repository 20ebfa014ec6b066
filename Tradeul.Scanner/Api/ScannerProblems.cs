using Microsoft.AspNetCore.Http.HttpResults;
using Tradeul.Scanner.Compute;
using Tradeul.ServiceDefaults.Http;

namespace Tradeul.Scanner.Api;

/// <summary>The Scanner's own problems (RFC 9457); an endpoint that returns one declares it with <c>.ProducesProblem(status)</c>.</summary>
public static class ScannerProblems
{
    /// <summary>The extension member of <see cref="UnknownCategory"/> listing every valid name.</summary>
    public const string CategoriesMember = "categories";

    private static readonly string[] CategoryNames = [.. ScanCategories.All.Select(c => c.Name)];

    /// <summary>404: no category has <paramref name="name"/>; names the valid ones, in the detail and as <c>categories</c>.</summary>
    public static ProblemHttpResult UnknownCategory(string name) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown category",
        detail: $"No category is named {UserInput.Quote(name)}. Valid names: {string.Join(", ", CategoryNames)}.",
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { [CategoriesMember] = CategoryNames });
}
