using System.Text;
using Npgsql;

namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// Runs <c>migrations/storage/timescaledb.sql</c> (embedded as <c>storage/timescaledb.sql</c>): the storage
/// objects of every mode, made from what the server offers now. It is not journaled, so it runs at the end of
/// every <see cref="MigrationRunner.ApplyAsync"/>, under the same advisory lock, in one transaction: TimescaleDB
/// that arrives after the numbered scripts ran still gets its hypertables, aggregates and policies, with every
/// existing row kept. Each step does only what is missing, so a second run changes nothing.
/// </summary>
internal static class StorageUpgrade
{
    public const string ScriptName = "storage/timescaledb.sql";

    /// <summary>The prefix of the script's NOTICEs that report a change.</summary>
    private const string ChangePrefix = "tradeul: ";

    public static string Script { get; } = Load();

    /// <summary>Runs the script; returns each change it made, in order (empty when there was nothing to do).</summary>
    /// <param name="timeout">Per statement: converting a large table into a hypertable moves every row.</param>
    /// <exception cref="MigrationFailedException">The script failed; its transaction was rolled back, so nothing it did stays.</exception>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        void OnNotice(object sender, NpgsqlNoticeEventArgs e)
        {
            if (e.Notice.MessageText.StartsWith(ChangePrefix, StringComparison.Ordinal))
            {
                changes.Add(e.Notice.MessageText[ChangePrefix.Length..]);
            }
        }
        connection.Notice += OnNotice;
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand(Script, connection, transaction) { CommandTimeout = (int)timeout.TotalSeconds })
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException error)
        {
            throw new MigrationFailedException(ScriptName, statement: null, error);
        }
        finally
        {
            connection.Notice -= OnNotice;
        }
        return changes;
    }

    private static string Load()
    {
        using var stream = typeof(StorageUpgrade).Assembly.GetManifestResourceStream(ScriptName)
            ?? throw new InvalidOperationException($"The embedded resource {ScriptName} is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
