using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Tradeul.AppHost;

/// <summary>Memory budgets: container engine limits for the servers, a GC heap cap for the services.</summary>
internal static class ResourceSizing
{
    /// <summary>768 MiB of GC heap: the closest cap for a 1 GB service that runs as a plain process.</summary>
    private const string ServiceGcHeapHardLimit = "0x30000000";

    /// <summary><c>docker/podman run --memory</c>; swap equal to memory means none. Run mode only (a manifest has no such field).</summary>
    public static IResourceBuilder<T> WithContainerSize<T>(this IResourceBuilder<T> container, string memory)
        where T : ContainerResource =>
        container.WithContainerRuntimeArgs("--memory", memory, "--memory-swap", memory);

    /// <summary>Each service gets 1 GB: projects run as host processes, so only a GC heap limit can cap them.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceSize(this IResourceBuilder<ProjectResource> project) =>
        project.ApplicationBuilder.ExecutionContext.IsRunMode
            ? project.WithEnvironment("DOTNET_GCHeapHardLimit", ServiceGcHeapHardLimit)
            : project;
}
