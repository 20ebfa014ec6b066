using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Fallback;
using Tradeul.Shared.Resilience;

namespace Tradeul.Shared.Snapshots;

/// <summary>
/// The Polly pipeline around the delta path: any failure there (a refused XADD, a broken
/// chain, a timeout) falls back to writing a full snapshot, which needs no prior state.
/// The full-save callback travels in the resilience context, so one registered pipeline
/// serves every snapshot name.
/// </summary>
internal static partial class SnapshotDeltaPipeline
{
    public static readonly ResiliencePropertyKey<Func<CancellationToken, ValueTask<SnapshotSaveResult>>> SaveFull = new("tradeul.snapshot.save-full");
    public static readonly ResiliencePropertyKey<string> SnapshotName = new("tradeul.snapshot.name");

    public static IServiceCollection AddSnapshotDeltaPipeline(this IServiceCollection services)
    {
        services.AddResiliencePipeline<string, SnapshotSaveResult>(ResiliencePipelineNames.SnapshotDelta, (builder, context) =>
        {
            var metrics = context.ServiceProvider.GetRequiredService<SnapshotMetrics>();
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SnapshotManager));
            builder
                .AddFallback(new FallbackStrategyOptions<SnapshotSaveResult>
                {
                    ShouldHandle = new PredicateBuilder<SnapshotSaveResult>().Handle<Exception>(static e => e is not OperationCanceledException),
                    FallbackAction = static async args =>
                    {
                        if (!args.Context.Properties.TryGetValue(SaveFull, out var saveFull))
                        {
                            return Outcome.FromException<SnapshotSaveResult>(new InvalidOperationException("The snapshot delta pipeline ran without a full-save fallback."));
                        }
                        return Outcome.FromResult(await saveFull(args.Context.CancellationToken).ConfigureAwait(false));
                    },
                    OnFallback = args =>
                    {
                        var name = args.Context.Properties.GetValue(SnapshotName, "?");
                        metrics.DeltaFellBack(name);
                        LogDeltaFailed(logger, args.Outcome.Exception, name);
                        return default;
                    },
                })
                .AddTimeout(TimeSpan.FromSeconds(5));
        });
        return services;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delta save of snapshot {Snapshot} failed; writing a full snapshot instead.")]
    private static partial void LogDeltaFailed(ILogger logger, Exception? error, string snapshot);
}
