using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Storage;

namespace Tradeul.Maintenance;

/// <summary>
/// The database's storage layout as last read (at start, then by every fallback job run and status read);
/// null until the first read. Jobs decide from a fresh read, never from this copy alone: another instance's
/// <c>migrate</c> can change the layout while this one runs.
/// </summary>
public sealed class StorageState
{
    private volatile StorageLayout? _layout;

    public StorageLayout? Layout
    {
        get => _layout;
        set => _layout = value;
    }

    public StorageMode? Mode => _layout?.Mode;
}
