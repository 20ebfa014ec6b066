using System.Buffers;
using System.Text;
using System.Text.Json;
using Tradeul.Scanner.Publishing;

namespace Tradeul.Scanner.Streaming;

/// <summary>
/// One ranking event encoded once: <c>id: {sequence}\nevent: full|delta\ndata: {json}\n\n</c>
/// (<see cref="Bytes"/>, UTF-8), with <see cref="Json"/> the JSON alone (what
/// <c>GET /api/categories/{name}</c> serves). The JSON has no line breaks, so it fits one
/// <c>data:</c> line.
/// </summary>
public sealed class SseFrame
{
    private SseFrame(byte[] bytes, int jsonStart, int jsonLength)
    {
        Bytes = bytes;
        Json = bytes.AsMemory(jsonStart, jsonLength);
    }

    public byte[] Bytes { get; }

    public ReadOnlyMemory<byte> Json { get; }

    public static SseFrame Encode(RankingEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var head = Encoding.UTF8.GetBytes($"id: {e.Sequence}\nevent: {(e.IsFull ? "full" : "delta")}\ndata: ");
        buffer.Write(head);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, e);
        }
        var jsonLength = buffer.WrittenCount - head.Length;
        buffer.Write("\n\n"u8);
        return new SseFrame(buffer.WrittenSpan.ToArray(), head.Length, jsonLength);
    }

    /// <summary>A full ranking (rows with their rank) or a delta (operations), with sequence, session and as-of.</summary>
    private static void WriteJson(Utf8JsonWriter writer, RankingEvent e)
    {
        writer.WriteStartObject();
        writer.WriteString("category"u8, e.Category);
        writer.WriteNumber("sequence"u8, e.Sequence);
        writer.WriteString("session"u8, e.Session);
        writer.WriteString("as_of"u8, e.AsOf);
        if (e.Rows is not null)
        {
            writer.WriteStartArray("rows"u8);
            for (var i = 0; i < e.Rows.Length; i++)
            {
                RankedRowJson.Write(writer, e.Rows[i], rank: i + 1);
            }
            writer.WriteEndArray();
        }
        if (e.OpsJson is not null)
        {
            writer.WritePropertyName("ops"u8);
            // Written by RankingDelta.WriteOps with this writer's defaults: valid as it is.
            writer.WriteRawValue(e.OpsJson, skipInputValidation: true);
        }
        writer.WriteEndObject();
    }
}
