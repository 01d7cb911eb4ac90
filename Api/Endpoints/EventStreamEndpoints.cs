using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc;
using Orleans;
using OrleansBackend.Api.Authentication;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Identity;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>
/// GET /v1/events: the caller's events as they happen, as server-sent events (<c>id:</c> the event's number in the
/// caller's activity feed, <c>event:</c> the type, <c>data:</c> the event as JSON). A <c>Last-Event-ID</c> header resumes
/// after that event. The Api keeps nothing: the request reads the caller's feed grain, which tells an observer of this
/// request when it applied new events, and ends when the client goes away or the session is revoked or expires.
/// </summary>
public static class EventStreamEndpoints
{
    private const int ReadBatch = 100;
    private static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DefaultSessionCheck = TimeSpan.FromSeconds(5);

    // The feed forgets observers after a minute; renewing at half of that keeps this one.
    private static readonly TimeSpan ObserverRenewal = TimeSpan.FromSeconds(30);

    /// <summary>Maps the endpoint.</summary>
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
        IGrainFactory grains,
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
        var feed = grains.GetGrain<IActivityFeedGrain>(caller.UserId);
        var wakeUps = new FeedWakeUps();
        var observer = grains.CreateObjectReference<IActivityObserver>(wakeUps);
        try
        {
            await feed.Subscribe(observer);

            // Without Last-Event-ID the stream starts with what happens from now on.
            var last = lastEventId ?? ((await feed.GetLatest(1)) is [var newest, ..] ? newest.Sequence : 0);
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            await response.WriteAsync(": connected\n\n", aborted);
            await response.Body.FlushAsync(aborted);
            await PumpAsync(context, grains, caller, feed, observer, wakeUps, last, configuration, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            try
            {
                await feed.Unsubscribe(observer);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The feed forgets the observer within a minute anyway.
            }

            grains.DeleteObjectReference<IActivityObserver>(observer);
        }

        return Results.Empty;
    }

    private static async Task PumpAsync(
        HttpContext context,
        IGrainFactory grains,
        Caller caller,
        IActivityFeedGrain feed,
        IActivityObserver observer,
        FeedWakeUps wakeUps,
        long last,
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
        var lastRenewal = DateTimeOffset.UtcNow;
        while (!aborted.IsCancellationRequested)
        {
            // Read until caught up: a wake-up only says there is something new, the feed says what.
            IReadOnlyList<ActivityItem> items;
            do
            {
                items = await feed.GetSince(last, ReadBatch);
                foreach (var item in items)
                {
                    buffer.Clear();
                    Write(buffer, item);
                    await response.Body.WriteAsync(buffer.WrittenMemory, aborted);
                    last = item.Sequence;
                    lastWrite = DateTimeOffset.UtcNow;
                }
            }
            while (items.Count == ReadBatch);

            await response.Body.FlushAsync(aborted);
            var wait = heartbeat < sessionCheck ? heartbeat : sessionCheck;
            await wakeUps.WaitAsync(wait, aborted);

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

            if (now - lastRenewal >= ObserverRenewal)
            {
                lastRenewal = now;
                await feed.Subscribe(observer);
            }

            if (now - lastWrite >= heartbeat)
            {
                // A comment line keeps proxies from closing an idle connection and reveals a client that left.
                await response.WriteAsync(": heartbeat\n\n", aborted);
                lastWrite = now;
            }
        }
    }

    private static void Write(ArrayBufferWriter<byte> buffer, ActivityItem item)
    {
        Append(buffer, "id: ");
        Append(buffer, item.Sequence.ToString(CultureInfo.InvariantCulture));
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

    /// <summary>The request's observer: the feed's notifications wake the request up (one pending wake-up is enough).</summary>
    private sealed class FeedWakeUps : IActivityObserver
    {
        private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public Task EventsAvailable(long lastSequence)
        {
            _signals.Writer.TryWrite(true);
            return Task.CompletedTask;
        }

        public async Task WaitAsync(TimeSpan timeout, CancellationToken aborted)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            wait.CancelAfter(timeout);
            try
            {
                await _signals.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                // Nothing new within the wait: time for a heartbeat or a session check.
            }
        }
    }
}
