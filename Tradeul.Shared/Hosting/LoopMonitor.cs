using System.Collections.Concurrent;

namespace Tradeul.Shared.Hosting;

/// <summary>Registry of every background loop's <see cref="LoopStatus"/> in a service.</summary>
public sealed class LoopMonitor
{
    private readonly ConcurrentDictionary<string, LoopStatus> _loops = new(StringComparer.Ordinal);

    public LoopStatus Register(string name) => _loops.GetOrAdd(name, static n => new LoopStatus(n));

    public LoopStatus? Find(string name) => _loops.GetValueOrDefault(name);

    public IReadOnlyCollection<LoopStatus> All => _loops.Values.ToArray();
}
