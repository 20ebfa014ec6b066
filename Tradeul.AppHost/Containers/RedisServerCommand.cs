using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Tradeul.AppHost.Containers;

/// <summary>
/// Tradeul's redis-server settings (DESIGN.md: noeviction, AOF, 4 GB), for the container and for the local
/// executable alike.
/// </summary>
/// <remarks>
/// Why the container's command is replaced rather than added to, as read in Aspire.Hosting.Redis 13.6.5
/// (<c>RedisBuilderExtensions.AddRedis</c>): the entrypoint is <c>/bin/sh</c> and one args callback builds
/// <c>redis-server --requirepass $REDIS_PASSWORD [--save …]</c> (the password goes through an environment
/// variable so it never appears in the container's spec, dotnet/aspire#3838). In run mode it adds those words as
/// separate arguments and relies on <c>RedisResource</c> setting <c>ShellExecution = true</c>, which makes DCP
/// join all arguments into one <c>sh -c "…"</c> string; in publish mode it writes <c>["-c", "redis-server …"]</c>
/// itself. Arguments added later with <c>WithArgs</c> would therefore be joined into the line in run mode but
/// land after the <c>-c</c> string in publish mode, where <c>sh</c> takes them as positional parameters that
/// redis-server never sees. So this removes Aspire's callback and owns the whole line in the publish-mode form
/// (<c>-c "…"</c>) in both modes, with <c>ShellExecution</c> off so DCP does not wrap it a second time.
/// Clearing the argument list first also drops anything an earlier callback contributed (TLS arguments among
/// them: the services connect without TLS, see ContainerServers.cs).
/// </remarks>
internal static class RedisServerCommand
{
    public const string MaxMemory = "4gb";
    public const string MaxMemoryPolicy = "noeviction";

    /// <summary>
    /// The container's shell line: <c>exec</c> makes redis-server PID 1 so a stop signal reaches it (AOF flushed);
    /// RDB snapshots are off (<c>--save ''</c>) because AOF is the persistence and a 4 GB fork every minute would
    /// double memory; Maintenance still runs BGSAVE after its metadata sync.
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
                context.Args.Clear();
                context.Args.Add("-c");
                context.Args.Add(CommandLine);
            });
    }

    /// <summary>
    /// The same settings as a redis.conf for the local executable: loopback only, the password, the data folder.
    /// The port comes on the command line (DCP allocates it).
    /// </summary>
    public static string LocalConfig(string dataDirectory, string password) =>
        new StringBuilder()
            .AppendLine("# Written by Tradeul.AppHost at each start; edits are lost. Owner-only: it holds the password.")
            .AppendLine("bind 127.0.0.1")
            .AppendLine("protected-mode yes")
            .AppendLine("daemonize no")
            .AppendLine($"dir {Quote(dataDirectory)}")
            .AppendLine($"requirepass {Quote(password)}")
            .AppendLine($"maxmemory {MaxMemory}")
            .AppendLine($"maxmemory-policy {MaxMemoryPolicy}")
            .AppendLine("appendonly yes")
            .AppendLine("save \"\"")
            .ToString();

    /// <summary>redis.conf double-quoted string: backslash and quote escaped (redis sdssplitargs rules).</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
