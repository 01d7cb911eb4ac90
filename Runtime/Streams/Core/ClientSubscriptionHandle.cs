using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Streams.Core;

/// <summary>
/// A subscription made outside a grain (a client, an HTTP request): it lives in this process only, reading the
/// stream by sequence through a gateway grain and handing events to the handler in order, until it is unsubscribed.
/// A handler that throws gets the same event again after a pause.
/// </summary>
internal sealed class ClientSubscriptionHandle<T> : StreamSubscriptionHandle<T>
{
    private const int ReadBatch = 256;

    private readonly StreamProviderRuntime _provider;
    private readonly CancellationTokenSource _stop = new();
    private Func<T, StreamSequenceToken, Task> _handler;
    private long _position;
    private long _rewindTo = -1;
    private Task _loop = Task.CompletedTask;

    private ClientSubscriptionHandle(StreamProviderRuntime provider, StreamId streamId, Func<T, StreamSequenceToken, Task> handler, long position)
    {
        _provider = provider;
        _handler = handler;
        _position = position;
        StreamId = streamId;
    }

    public override Guid HandleId { get; } = Guid.NewGuid();

    public override StreamId StreamId { get; }

    public override string ProviderName => _provider.Name;

    public override bool IsImplicit => false;

    public static async Task<ClientSubscriptionHandle<T>> StartAsync(StreamProviderRuntime provider, StreamId stream, Func<T, StreamSequenceToken, Task> handler, StreamSequenceToken? token)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var position = token is not null
            ? token.SequenceNumber - 1
            : await provider.Gateway(stream).ReadHeadAsync(stream.Namespace, stream.Key);
        var subscription = new ClientSubscriptionHandle<T>(provider, stream, handler, position);
        using (ExecutionContext.SuppressFlow())
        {
            // Not part of whatever request subscribed: it must not carry that request's context or call chain.
            subscription._loop = Task.Run(subscription.RunAsync);
        }

        return subscription;
    }

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(onNextAsync);
        Volatile.Write(ref _handler, onNextAsync);
        if (token is not null)
        {
            Interlocked.Exchange(ref _rewindTo, token.SequenceNumber - 1);
        }

        return Task.FromResult<StreamSubscriptionHandle<T>>(this);
    }

    public override async Task UnsubscribeAsync()
    {
        await _stop.CancelAsync();

        // From inside the handler the loop is this very call chain: do not wait for it.
        if (!_loop.IsCompleted && !Equals(CurrentLoop.Value, this))
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static readonly AsyncLocal<object?> CurrentLoop = new();

    private async Task RunAsync()
    {
        CurrentLoop.Value = this;
        var token = _stop.Token;
        var gateway = _provider.Gateway(StreamId);
        var pause = _provider.Options.ClientPollInterval;
        while (!token.IsCancellationRequested)
        {
            var rewind = Interlocked.Exchange(ref _rewindTo, -1);
            if (rewind >= 0)
            {
                _position = rewind;
            }

            List<StreamEventRecord> events;
            try
            {
                events = await gateway.ReadAsync(StreamId.Namespace, StreamId.Key, _position, ReadBatch);
            }
            catch (Exception exception) when (!token.IsCancellationRequested)
            {
                _provider.Logger.LogWarning(exception, "Reading stream {Stream} of provider {Provider} failed; trying again", StreamId, _provider.Name);
                await PauseAsync(pause, token);
                continue;
            }

            if (events.Count == 0)
            {
                // Polling is about the store, not grain time: it runs on real time even under a test clock.
                await PauseAsync(pause, token);
                continue;
            }

            foreach (var record in events)
            {
                if (token.IsCancellationRequested || Volatile.Read(ref _rewindTo) >= 0)
                {
                    break;
                }

                await HandleAsync(record, pause, token);
                _position = record.Sequence;
            }
        }
    }

    private async Task HandleAsync(StreamEventRecord record, TimeSpan pause, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Volatile.Read(ref _handler)(PayloadSerializer.Deserialize<T>(record.Payload), new StreamSequenceToken(record.Sequence));
                return;
            }
            catch (Exception exception) when (!token.IsCancellationRequested)
            {
                _provider.Logger.LogWarning(exception, "A handler of stream {Stream} failed on event {Sequence}; offering it again", StreamId, record.Sequence);
                await PauseAsync(pause, token);
            }
        }
    }

    private static async Task PauseAsync(TimeSpan pause, CancellationToken token) =>
        await Task.Delay(pause, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
