using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace Tradeul.ServiceDefaults.Http;

/// <summary>
/// Gives a problem body to the answers Kestrel writes itself. Kestrel refuses some HTTP/1.x requests
/// while parsing them, before any middleware exists for them: a path that decodes to a NUL (<c>%00</c>)
/// or holds bytes a request line may not, a malformed header (400), headers over
/// <c>Limits.MaxRequestHeadersTotalSize</c> or <c>MaxRequestHeaderCount</c> (431), a request line over
/// <c>MaxRequestLineSize</c> (414), headers that take too long (408). It answers with the status alone
/// (<c>Content-Length: 0</c>, <c>Connection: close</c>) and has no hook to add a body.
/// </summary>
/// <remarks>
/// How: Kestrel reports each refusal, just before writing its answer, as the diagnostic event
/// <see cref="BadRequestEvent"/> with the request's features. A connection middleware puts its own
/// pipes between Kestrel and the socket, and into the connection's features; on the event the output
/// catches the head Kestrel writes next and sends the same head with a problem body instead. Everything
/// else passes through untouched. What stays as Kestrel writes it: HTTP/2 and HTTP/3 (a refused stream
/// is reset, there is no answer to add to), HEAD requests (no body allowed), TLS handshake failures and
/// connections Kestrel drops without answering. The body never quotes the request: Kestrel could not
/// even parse it.
/// </remarks>
public static class KestrelRejectionProblems
{
    /// <summary>Kestrel's event name (HttpProtocol.SetBadRequestState); its payload is the request's <see cref="IFeatureCollection"/>.</summary>
    public const string BadRequestEvent = "Microsoft.AspNetCore.Server.Kestrel.BadRequest";

    /// <summary>Adds the connection middleware to an endpoint (<c>KestrelServerOptions.ConfigureEndpointDefaults</c>).</summary>
    public static void AddTo(ListenOptions listen) => listen.Use(next => async connection =>
    {
        var transport = connection.Transport;
        var refusals = new RefusalAwareTransport(transport);
        connection.Transport = refusals;
        connection.Features.Set(refusals);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    });

    /// <summary>Follows <paramref name="listener"/> (the app's <c>Microsoft.AspNetCore</c> listener, which Kestrel reports to) for refusals.</summary>
    /// <returns>The subscription; dispose it when the app stops.</returns>
    public static IDisposable Listen(DiagnosticListener listener) =>
        listener.Subscribe(new RefusalObserver(), name => name == BadRequestEvent);

    /// <summary>The problem Kestrel's refusal with <paramref name="status"/> becomes.</summary>
    private static ProblemDetails ProblemFor(int status) => new()
    {
        // about:blank: nothing to say beyond the status, whose phrase is then the title (RFC 9457, 4.2.1).
        Type = "about:blank",
        Title = ReasonPhrases.GetReasonPhrase(status),
        Status = status,
        Detail = status switch
        {
            StatusCodes.Status400BadRequest => "The request line or a header could not be parsed, for example a %00 or a control character in the path.",
            StatusCodes.Status408RequestTimeout => "The request headers did not arrive in time.",
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than this server accepts.",
            StatusCodes.Status414UriTooLong => "The request line is longer than this server accepts.",
            StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are larger than this server accepts.",
            _ => null,
        },
    };

    private sealed class RefusalObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != BadRequestEvent || value.Value is not IFeatureCollection features
                || features.Get<RefusalAwareTransport>() is not { } transport)
            {
                return;
            }
            var request = features.Get<IHttpRequestFeature>();
            var response = features.Get<IHttpResponseFeature>();
            // HTTP/2 shares the connection between streams (and frames are not HTTP/1 heads); a started
            // response cannot change; a HEAD answer has no body. A request refused in its request line
            // has no method yet: the line's first bytes tell.
            if (request is null || response is null || response.HasStarted
                || HttpProtocol.IsHttp2(request.Protocol) || HttpProtocol.IsHttp3(request.Protocol)
                || HttpMethods.IsHead(request.Method) || transport.LastReadStartedWithHead)
            {
                return;
            }
            transport.CatchNextHead();
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    /// <summary>The connection's pipes, as Kestrel's HTTP/1.x code reads and writes them.</summary>
    private sealed class RefusalAwareTransport(IDuplexPipe transport) : IDuplexPipe
    {
        private readonly SniffingInput _input = new(transport.Input);
        private readonly CatchingOutput _output = new(transport.Output);

        public PipeReader Input => _input;

        public PipeWriter Output => _output;

        /// <summary>Whether the bytes Kestrel last read began with <c>HEAD </c>: parsing starts each read at the request line it has not consumed yet.</summary>
        public bool LastReadStartedWithHead => _input.StartedWithHead;

        public void CatchNextHead() => _output.CatchNextHead();
    }

    private sealed class SniffingInput(PipeReader inner) : PipeReader
    {
        public bool StartedWithHead { get; private set; }

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => Sniff(await inner.ReadAsync(cancellationToken));

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
            {
                return false;
            }
            Sniff(result);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        private ReadResult Sniff(ReadResult result)
        {
            var buffer = result.Buffer;
            StartedWithHead = buffer.Length >= 5 && (buffer.FirstSpan.Length >= 5 ? buffer.FirstSpan[..5] : buffer.Slice(0, 5).ToArray()).SequenceEqual("HEAD "u8);
            return result;
        }
    }

    /// <summary>
    /// Passes every write through, except after <see cref="CatchNextHead"/>: then it collects what Kestrel
    /// writes up to its flush (the refusal's head, nothing else on HTTP/1.x, where a connection writes one
    /// response at a time) and sends <see cref="Rewrite"/> of it.
    /// </summary>
    private sealed class CatchingOutput(PipeWriter inner) : PipeWriter
    {
        private ArrayBufferWriter<byte>? _caught;

        public void CatchNextHead() => _caught = new ArrayBufferWriter<byte>(256);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _caught is { } caught ? caught.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _caught is { } caught ? caught.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

        public override void Advance(int bytes)
        {
            if (_caught is { } caught)
            {
                caught.Advance(bytes);
            }
            else
            {
                inner.Advance(bytes);
            }
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Release();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            Release();
            inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null)
        {
            Release();
            return inner.CompleteAsync(exception);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + (_caught?.WrittenCount ?? 0);

        private void Release()
        {
            if (_caught is not { } caught)
            {
                return;
            }
            _caught = null;
            inner.Write(Rewrite(caught.WrittenSpan));
        }
    }

    /// <summary>
    /// Kestrel's head (<c>HTTP/1.1 400 Bad Request</c>, <c>Content-Length: 0</c>, <c>Connection: close</c>,
    /// <c>Date</c>, <c>Server</c>) with its <c>Content-Length</c> replaced by the problem's type and length,
    /// then the problem. Anything else (not an HTTP/1.x error head of an empty body) is returned as it is.
    /// </summary>
    private static byte[] Rewrite(ReadOnlySpan<byte> head)
    {
        const string EmptyLength = "\r\nContent-Length: 0\r\n";
        var text = Encoding.Latin1.GetString(head);
        var at = text.IndexOf(EmptyLength, StringComparison.OrdinalIgnoreCase);
        if (at < 0 || !text.StartsWith("HTTP/1.", StringComparison.Ordinal) || !text.EndsWith("\r\n\r\n", StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400)
        {
            return head.ToArray();
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(ProblemFor(status));
        var headers = string.Create(CultureInfo.InvariantCulture, $"\r\nContent-Type: {ProblemDetailsDefaults.ContentType}\r\nContent-Length: {body.Length}\r\n");
        var rewritten = string.Concat(text.AsSpan(0, at), headers, text.AsSpan(at + EmptyLength.Length));
        return [.. Encoding.Latin1.GetBytes(rewritten), .. body];
    }
}
