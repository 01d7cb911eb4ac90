using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc;
using OrleansBackend.Api.Authentication;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Streams;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>
/// GET /v1/events: the caller's events as they happen, as server-sent events (<c>id:</c> the sequence number in the
/// caller's stream, <c>event:</c> the type, <c>data:</c> the event as JSON). A <c>Last-Event-ID</c> header resumes after
/// that event. The Api keeps nothing: the request subscribes to the caller's stream for as long as it lasts, and ends
/// when the client goes away or the session is revoked or expires.
/// </summary>
public static class EventStreamEndpoints
{
    private static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DefaultSessionCheck = TimeSpan.FromSeconds(5);

    public static void MapEventStreamEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", StreamEvents)
            .WithTags("Events")
            .RequireAuthorization()
            .WithName("StreamEvents")
            .WithSummary("The caller's events as they happen (text/event-stream: id = sequence, event = type, data = JSON); send Last-Event-ID to resume after an event.")
            .Produces<string>(Status200OK, "text/event-stream")
            .ProducesProblems(Status400BadRequest, Status401Unauthorized, Status429TooManyRequests);
    }

    private static async Task<IResult> StreamEvents(
        HttpContext context,
        IClusterClient grains,
        IConfiguration configuration,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader)
    {
        long? lastEventId = null;
        var header = lastEventIdHeader ?? string.Empty;
        if (header.Length > 0)
        {
            if (!long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problems.Problems.Validation(new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    ["Last-Event-ID"] = ["Must be the id of an event this stream sent (a non-negative integer)."],
                });
            }

            lastEventId = parsed;
        }

        var caller = Caller.Of(context);
        var aborted = context.RequestAborted;

        // Bounded: a client that reads slowly holds back its own subscription, not the server's memory.
        var pending = Channel.CreateBounded<(long Sequence, DomainEvent Event)>(new BoundedChannelOptions(256) { SingleReader = true });
        var stream = grains.GetStreamProvider(DomainStreams.Provider).GetStream<DomainEvent>(DomainStreams.ForUser(caller.UserId));
        var subscription = await stream.SubscribeAsync(
            (item, token) => pending.Writer.WriteAsync((token.SequenceNumber, item), aborted).AsTask(),
            lastEventId is { } id ? new StreamSequenceToken(id + 1) : null);
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            await response.WriteAsync(": connected\n\n", aborted);
            await response.Body.FlushAsync(aborted);
            await PumpAsync(context, grains, caller, pending.Reader, configuration, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }

        return Results.Empty;
    }

    private static async Task PumpAsync(
        HttpContext context,
        IClusterClient grains,
        Caller caller,
        ChannelReader<(long Sequence, DomainEvent Event)> pending,
        IConfiguration configuration,
        CancellationToken aborted)
    {
        var heartbeat = configuration.GetValue<TimeSpan?>("Events:HeartbeatInterval") ?? DefaultHeartbeat;
        var sessionCheck = configuration.GetValue<TimeSpan?>("Events:SessionCheckInterval") ?? DefaultSessionCheck;
        var session = grains.GetGrain<ISessionGrain>(caller.SessionId);
        var response = context.Response;
        var buffer = new ArrayBufferWriter<byte>(512);
        var lastWrite = DateTimeOffset.UtcNow;
        var lastCheck = DateTimeOffset.UtcNow;
        while (!aborted.IsCancellationRequested)
        {
            var wait = heartbeat < sessionCheck ? heartbeat : sessionCheck;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            timeout.CancelAfter(wait);
            var hasEvent = false;
            try
            {
                hasEvent = await pending.WaitToReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                // No event within the wait: time for a heartbeat or a session check.
            }

            while (hasEvent && pending.TryRead(out var item))
            {
                buffer.Clear();
                Write(buffer, item.Sequence, item.Event);
                await response.Body.WriteAsync(buffer.WrittenMemory, aborted);
                lastWrite = DateTimeOffset.UtcNow;
            }

            var now = DateTimeOffset.UtcNow;
            if (now - lastCheck >= sessionCheck)
            {
                lastCheck = now;
                if (await session.Get() is not { Active: true } info || info.UserId != caller.UserId)
                {
                    // Revoked or expired: the stream ends like any other response, and the client must sign in again.
                    await response.WriteAsync("event: session.ended\ndata: {}\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    return;
                }
            }

            if (now - lastWrite >= heartbeat)
            {
                // A comment line keeps proxies from closing an idle connection and reveals a client that left.
                await response.WriteAsync(": heartbeat\n\n", aborted);
                lastWrite = now;
            }

            await response.Body.FlushAsync(aborted);
        }
    }

    private static void Write(ArrayBufferWriter<byte> buffer, long sequence, DomainEvent item)
    {
        Append(buffer, "id: ");
        Append(buffer, sequence.ToString(CultureInfo.InvariantCulture));
        Append(buffer, "\nevent: ");
        Append(buffer, item.Type);
        Append(buffer, "\ndata: ");
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", item.Type);
            writer.WriteString("at", item.At);
            writer.WritePropertyName("data");
            writer.WriteRawValue(item.Data);
            writer.WriteEndObject();
        }

        Append(buffer, "\n\n");
    }

    private static void Append(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
