using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Tradeul.Tests.Ingest.Polygon;

/// <summary>
/// Issue 11, item 4: the whole-market answer was requested without Accept-Encoding, about
/// 7.5 MB a cycle where gzip makes it about 1.3 MB. The client now asks for gzip and brotli
/// and decompresses while the JSON streams in.
/// </summary>
public sealed class PolygonCompressionTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2024, 1, 2, 14, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task The_snapshot_is_asked_for_compressed_and_a_compressed_body_maps_every_row(string encoding)
    {
        const int count = 5_000;
        await using var server = await PolygonTestServer.StartAsync();
        string acceptEncoding = "";
        long jsonBytes = 0;
        var wireBytes = new CountingStream();
        server.Respond = async context =>
        {
            acceptEncoding = context.Request.Headers.AcceptEncoding.ToString();
            context.Response.Headers.ContentEncoding = encoding;
            var original = context.Response.Body;
            wireBytes.Inner = original;
            // Compressed as it is written, in the generator's 200-row flushes, so the client
            // gets a chunked compressed stream as from Polygon, not one finished blob.
            await using (var compressed = encoding == "gzip"
                ? (Stream)new GZipStream(wireBytes, CompressionLevel.Fastest, leaveOpen: true)
                : new BrotliStream(wireBytes, CompressionLevel.Fastest, leaveOpen: true))
            {
                context.Response.Body = compressed;
                await PolygonPayloads.Generated(count, bytes => jsonBytes = bytes)(context);
            }
            context.Response.Body = original;
        };
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        var snapshot = await services.Provider().FetchAsync(CancellationToken.None);

        output.WriteLine($"{encoding}: {wireBytes.Written} bytes on the wire for {jsonBytes} bytes of JSON; Accept-Encoding: {acceptEncoding}");
        var accepted = acceptEncoding.Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("gzip", accepted);
        Assert.Contains("br", accepted);
        Assert.True(wireBytes.Written * 4 < jsonBytes, $"{wireBytes.Written} bytes on the wire for {jsonBytes} bytes of JSON");
        Assert.Empty(snapshot.Dropped);
        Assert.Equal(count, snapshot.Quotes.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(PolygonPayloads.GeneratedSymbol), snapshot.Quotes.Select(q => q.Symbol));
        var last = snapshot.Quotes[^1];
        Assert.Equal((PolygonPayloads.GeneratedPrice(count - 1), (count - 1) * 10L), (last.Price, last.Volume));
    }

    [Fact]
    public async Task An_uncompressed_answer_still_maps()
    {
        // A proxy in front of Polygon may ignore Accept-Encoding; identity must keep working.
        await using var server = await PolygonTestServer.StartAsync();
        server.Respond = PolygonTestServer.Json(PolygonPayloads.ThreeTickers, StatusCodes.Status200OK);
        await using var services = PolygonTestProviders.Build(server.BaseUrl, new FakeTimeProvider(Now));

        var snapshot = await services.Provider().FetchAsync(CancellationToken.None);

        Assert.Equal(["AAPL", "PREM", "FRAC"], snapshot.Quotes.Select(q => q.Symbol));
    }

    /// <summary>Passes writes through to <see cref="Inner"/> and counts the bytes.</summary>
    private sealed class CountingStream : Stream
    {
        public Stream Inner { get; set; } = Null;
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => Inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Written += count;
            Inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            await Inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
