using System.Security.Cryptography;

namespace Tradeul.AppHost.Tests;

/// <summary>Builds the real AppHost's model for tests: servers in a chosen mode, every secret set here.</summary>
internal static class AppHostModel
{
    /// <summary>
    /// The AppHost as <c>dotnet run</c> would build it, with <c>Tradeul:Servers</c> = <paramref name="servers"/> and the
    /// generated parameters given values (so nothing is written to the developer's user secrets).
    /// </summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync(string servers, string? dataDirectory = null, bool dashboard = false, IEnumerable<string>? extraArgs = null)
    {
        List<string> args =
        [
            $"Tradeul:Servers={servers}",
            "Tradeul:DataVolumes=false",
            $"Parameters:redis-password={Secret()}",
            $"Parameters:timescaledb-password={Secret()}",
            $"Parameters:maintenance-api-key={Secret()}",
        ];
        if (dataDirectory is not null)
        {
            args.Add($"Tradeul:DataDirectory={dataDirectory}");
        }
        args.AddRange(extraArgs ?? []);
        return DistributedApplicationTestingBuilder.CreateAsync<Projects.Tradeul_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = dashboard }, [.. args]);
    }

    public static string Secret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public static IResource Resource(this IDistributedApplicationTestingBuilder builder, string name) =>
        Assert.Single(builder.Resources, resource => resource.Name == name);

    /// <summary>Names of the resources this one was given with WithReference.</summary>
    public static IReadOnlySet<string> References(this IResource resource) =>
        resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(relationship => relationship.Type == "Reference")
            .Select(relationship => relationship.Resource.Name)
            .ToHashSet();

    public static IReadOnlyList<WaitAnnotation> Waits(this IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().ToList();

#pragma warning disable CS0618 // Obsolete in 13.x in favour of ExecutionConfigurationBuilder; the plain way to evaluate args here.
    /// <summary>The evaluated arguments; bounded, because an argument naming an unallocated endpoint waits for it.</summary>
    public static async Task<string[]> ArgumentsAsync(this IResource resource, DistributedApplicationOperation operation) =>
        await ((IResourceWithArgs)resource).GetArgumentValuesAsync(operation).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
#pragma warning restore CS0618

    /// <summary>
    /// The environment a resource's callbacks set, unevaluated: plain values as strings,
    /// references (connection strings, endpoints) as their expression objects. Evaluating
    /// them would wait for endpoints that a model-only build never allocates.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, object>> EnvironmentAsync(this IResource resource)
    {
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), environment);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return environment;
    }
}
