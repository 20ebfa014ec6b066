using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Azure.Provisioning.AppContainers;

namespace Tradeul.AppHost;

/// <summary>Memory budgets: container engine limits in run mode, Container Apps sizes when deployed.</summary>
internal static class ResourceSizing
{
    /// <summary>768 MiB of GC heap: the closest cap for a 1 GB service that runs as a plain process.</summary>
    private const string ServiceGcHeapHardLimit = "0x30000000";

    public static IResourceBuilder<T> WithContainerSize<T>(this IResourceBuilder<T> container, string runtimeMemory, double cpu, string memory)
        where T : ContainerResource =>
        container
            // Run mode: docker/podman run --memory; swap equal to memory means none.
            .WithContainerRuntimeArgs("--memory", runtimeMemory, "--memory-swap", runtimeMemory)
            // Publish mode: the container app's size (Container Apps pairs 0.5 vCPU with each GiB).
            .PublishAsAzureContainerApp((_, app) => SizeSingleReplica(app, cpu, memory));

    /// <summary>Each service gets 1 GB.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceSize(this IResourceBuilder<ProjectResource> project)
    {
        if (project.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            // Projects run as host processes in run mode, so no container runtime argument can cap them.
            project.WithEnvironment("DOTNET_GCHeapHardLimit", ServiceGcHeapHardLimit);
        }

        return project.PublishAsAzureContainerApp((_, app) => SizeSingleReplica(app, 0.5, "1Gi"));
    }

    /// <summary>
    /// One replica each: Ingest must be the only writer of a snapshot, Redis holds state in one process,
    /// and the stores are sized for one Scanner and one Maintenance.
    /// </summary>
    private static void SizeSingleReplica(ContainerApp app, double cpu, string memory)
    {
        var container = app.Template.Containers.Single().Value!;
        container.Resources.Cpu = cpu;
        container.Resources.Memory = memory;
        app.Template.Scale.MinReplicas = 1;
        app.Template.Scale.MaxReplicas = 1;
    }
}
