using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Tradeul.AppHost;

/// <summary>
/// Makes redis-server run with Tradeul's settings in run mode and in publish mode alike.
/// </summary>
/// <remarks>
/// Why replace instead of adding args: Aspire.Hosting.Redis (RedisBuilderExtensions.AddRedis) sets the
/// entrypoint to <c>/bin/sh</c> and builds the whole server command in one args callback as
/// <c>["-c", "redis-server --requirepass $REDIS_PASSWORD [--save 60 1]"]</c> (the password goes through an
/// environment variable, dotnet/aspire#3838). Anything added later with <c>WithArgs("--maxmemory", ...)</c>
/// lands after that string and becomes a positional parameter of <c>sh</c>, which redis-server never
/// sees, in run mode and in the published container app alike. <c>WithPersistence</c>/<c>WithDataVolume</c>
/// only feed <c>--save</c> into that same callback.
/// So this removes every args callback on the resource and adds one that owns the full command line;
/// as an ordinary <see cref="CommandLineArgsCallbackAnnotation"/> it is evaluated by DCP in run mode
/// and written as the container app's command/args in publish mode (the manifest's "entrypoint"/"args"),
/// so both modes get the same line. <c>ContainerResource.ShellExecution</c> (Aspire 9.3+), which newer
/// Redis resources switch on, makes DCP join all args into one <c>-c "…"</c> string; ours already are
/// that form, so it is switched off. Clearing the list first also drops anything an earlier
/// callback (or a later Aspire version) contributed.
/// </remarks>
internal static class RedisServerCommand
{
    public const string MaxMemory = "4gb";
    public const string MaxMemoryPolicy = "noeviction";

    /// <summary>
    /// The shell line: <c>exec</c> makes redis-server PID 1 so a stop signal reaches it (AOF flushed);
    /// RDB snapshots are off (<c>--save ''</c>) because AOF is the persistence and a 4 GB fork every
    /// minute would double memory; Maintenance still runs BGSAVE after its metadata sync.
    /// </summary>
    public const string CommandLine =
        "exec redis-server --requirepass \"$REDIS_PASSWORD\" --dir /data" +
        " --maxmemory " + MaxMemory + " --maxmemory-policy " + MaxMemoryPolicy +
        " --appendonly yes --save ''";

    public static IResourceBuilder<RedisResource> WithTradeulServerCommand(this IResourceBuilder<RedisResource> redis)
    {
        var resource = redis.Resource;
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>().ToList())
        {
            resource.Annotations.Remove(annotation);
        }

#pragma warning disable ASPIRECONTAINERSHELLEXECUTION001 // Experimental: our args are already the "-c" form.
        resource.ShellExecution = false;
#pragma warning restore ASPIRECONTAINERSHELLEXECUTION001

        var password = resource.PasswordParameter
            ?? throw new InvalidOperationException("The Redis resource needs a password parameter.");

        return redis
            .WithEntrypoint("/bin/sh")
            // Set here as well as by AddRedis, so the line above does not depend on Aspire's variable name.
            .WithEnvironment("REDIS_PASSWORD", redis.ApplicationBuilder.CreateResourceBuilder(password))
            .WithArgs(context =>
            {
                // Anything an earlier callback contributed would follow "-c <line>" unseen; drop it.
                context.Args.Clear();
                context.Args.Add("-c");
                context.Args.Add(CommandLine);
            });
    }
}
