namespace Tradeul.AppHost.Tests;

/// <summary>The AppHost's model as run mode builds it, without starting anything.</summary>
internal static class AppHostModel
{
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync() =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.Tradeul_AppHost>(["Tradeul:DataVolumes=false"]);

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

#pragma warning disable CS0618 // Obsolete in later 13.x in favour of ExecutionConfigurationBuilder; the plain way to evaluate args here.
    public static async Task<string[]> ArgumentsAsync(this IResource resource, DistributedApplicationOperation operation) =>
        await ((IResourceWithArgs)resource).GetArgumentValuesAsync(operation);
#pragma warning restore CS0618
}
