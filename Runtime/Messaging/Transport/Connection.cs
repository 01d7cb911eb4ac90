using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>
/// One authenticated connection to a silo or client, carrying length-prefixed frames both ways. Senders queue
/// frames into a bounded channel (back-pressure instead of an unbounded queue); one send loop writes every queued
/// frame and flushes once per batch, which is what makes small messages cheap. One receive loop parses frames
/// and hands them to the owner.
/// </summary>
internal sealed class Connection
{
    private const int MaxFrameSize = 16 * 1024 * 1024;

    private readonly ConnectionContext _context;
    private readonly Channel<OutboundItem> _outbound;
    private readonly IConnectionOwner _owner;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TransportMetrics _metrics;
    private readonly string _peerTag;
    private readonly CancellationTokenSource _closing = new();
    private readonly ArrayBufferWriter<byte> _scratch = new(4096);
    private bool _acknowledgedLeaving;
    private bool _closingGracefully;
    private TimeSpan _gracefulTimeout;
    private int _closed;

    public Connection(
        ConnectionContext context,
        ConnectionRole remoteRole,
        SiloAddress? remoteSilo,
        IConnectionOwner owner,
        TimeProvider timeProvider,
        int queueCapacity,
        TransportMetrics metrics,
        ILogger logger)
    {
        _context = context;
        RemoteRole = remoteRole;
        RemoteSilo = remoteSilo;
        _owner = owner;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _peerTag = TransportMetrics.PeerTag(remoteRole);
        _outbound = Channel.CreateBounded<OutboundItem>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        RemoteEndpoint = context.RemoteEndPoint?.ToString() ?? "unknown";
        Completion = Task.CompletedTask;
    }

    public ConnectionRole RemoteRole { get; }

    /// <summary>The remote silo (null for clients).</summary>
    public SiloAddress? RemoteSilo { get; }

    public string RemoteEndpoint { get; }

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>Why the connection closed (for the messages of calls it took down).</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Completes when both loops have ended and the owner was told.</summary>
    public Task Completion { get; private set; }

    public void Start() => Completion = RunAsync();

    /// <summary>Queues a frame; false when the queue is full or the connection closed.</summary>
    public bool TrySend(OutboundItem item) => _outbound.Writer.TryWrite(item);

    /// <summary>Queues a frame, waiting for room; throws when the connection closes first.</summary>
    public ValueTask SendAsync(OutboundItem item, CancellationToken cancellationToken) => _outbound.Writer.WriteAsync(item, cancellationToken);

    /// <summary>
    /// Takes no more frames, lets the send loop write and flush what is queued (answers still on their way), then
    /// half-closes, so the peer reads everything before it sees the end, and waits for the peer to close its side.
    /// Bounded by <paramref name="timeout"/>; an abort (RST) could make the peer drop data it has not read yet.
    /// </summary>
    public async Task CloseGracefullyAsync(TimeSpan timeout)
    {
        _gracefulTimeout = timeout;
        Volatile.Write(ref _closingGracefully, true);
        _outbound.Writer.TryComplete();
        await Task.WhenAny(Completion, Task.Delay(timeout + timeout)).ConfigureAwait(false);
        Close("closed gracefully");
    }

    /// <summary>Closes the connection; queued frames that were never written go back to the owner.</summary>
    public void Close(string reason = "closed")
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        CloseReason ??= reason;

        _outbound.Writer.TryComplete();
        _closing.Cancel();
        _context.Abort(new ConnectionAbortedException("Connection closed."));
    }

    public override string ToString() => RemoteSilo is null ? $"client {RemoteEndpoint}" : $"silo {RemoteSilo}";

    private async Task RunAsync()
    {
        var receive = ReceiveLoopAsync();
        var send = SendLoopAsync();
        var first = await Task.WhenAny(receive, send).ConfigureAwait(false);
        string reason;
        if (first == send && !send.IsFaulted && Volatile.Read(ref _closingGracefully))
        {
            // Everything queued is written: half-close and let the peer read to the end and close its side.
            try
            {
                await _context.Transport.Output.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The socket is already gone.
            }

            await Task.WhenAny(receive, Task.Delay(_gracefulTimeout)).ConfigureAwait(false);
            reason = "closed gracefully";
        }
        else
        {
            reason = first == receive
                ? (first.IsFaulted ? $"receive failed: {first.Exception?.InnerException?.Message}" : "the peer closed it")
                : (Volatile.Read(ref _closed) != 0 ? CloseReason ?? "closed" : "sending failed");
        }

        Close(reason);
        try
        {
            await Task.WhenAll(receive, send).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ConnectionAbortedException or IOException
            or ConnectionResetException or InvalidOperationException or ChannelClosedException)
        {
            // Expected when a connection ends.
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Connection to {Peer} failed", this);
        }

        var unsent = new List<Message>();
        while (_outbound.Reader.TryRead(out var item))
        {
            if (item.Message is { } message)
            {
                unsent.Add(message);
            }
        }

        try
        {
            await _context.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The socket is already gone.
        }

        _owner.OnClosed(this, unsent);
    }

    private async Task SendLoopAsync()
    {
        await Task.Yield();
        var output = _context.Transport.Output;
        var reader = _outbound.Reader;
        var token = _closing.Token;
        while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
        {
            var written = 0;
            var messages = 0;
            long bytes = 0;
            while (written < 4096 && reader.TryRead(out var item))
            {
                var frameBytes = WriteFrame(output, item);
                bytes += frameBytes;
                if (frameBytes > 0 && item.Type == FrameType.Message)
                {
                    messages++;
                }

                written++;
            }

            var flush = await output.FlushAsync(token).ConfigureAwait(false);
            _metrics.OnSent(_peerTag, messages, bytes);
            if (flush.IsCompleted || flush.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>Writes one frame; returns its size in bytes (0 when its message could not be serialized).</summary>
    private int WriteFrame(PipeWriter output, OutboundItem item)
    {
        if (_acknowledgedLeaving && item.Message is { Kind: not MessageKind.Response } refused)
        {
            // We promised the peer to send nothing more: whoever queued this after the promise routes it elsewhere.
            _owner.OnRefused(this, refused);
            return 0;
        }

        if (item.Type == FrameType.ShuttingDownAcknowledged)
        {
            _acknowledgedLeaving = true;
        }

        _scratch.ResetWrittenCount();
        var body = new ValueWriter(_scratch);
        if (item.Message is { } message)
        {
            if (!TryWriteMessage(ref body, message))
            {
                return 0;
            }
        }
        else
        {
            body.WriteVarUInt64(unchecked((ulong)item.Value));
        }

        body.Commit();
        var payload = _scratch.WrittenSpan;
        var frame = output.GetSpan(payload.Length + 5);
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length + 1);
        frame[4] = (byte)item.Type;
        payload.CopyTo(frame[5..]);
        output.Advance(payload.Length + 5);
        return payload.Length + 5;
    }

    private bool TryWriteMessage(ref ValueWriter body, Message message)
    {
        try
        {
            if (message.Kind == MessageKind.Response)
            {
                MessageCodec.WriteResponse(ref body, message);
            }
            else
            {
                var remaining = message.Deadline == 0
                    ? int.MaxValue
                    : (int)Math.Clamp((message.Deadline - _timeProvider.GetTimestamp()) * 1000 / _timeProvider.TimestampFrequency, 1, int.MaxValue);
                message.SentOn = this;
                MessageCodec.WriteRequest(ref body, message, remaining);
            }

            return true;
        }
        catch (Exception exception)
        {
            // A value that cannot be serialized fails its own call, never the connection.
            _logger.LogWarning(exception, "Could not serialize {Message}", message);
            _scratch.ResetWrittenCount();
            _owner.OnSerializationFailed(this, message, exception);
            return false;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        var input = _context.Transport.Input;
        var token = _closing.Token;
        while (true)
        {
            var result = await input.ReadAsync(token).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                ProcessFrames(ref buffer);
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>Handles every complete frame in the buffer and counts them for the transport metrics.</summary>
    private void ProcessFrames(ref ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[4];
        var messages = 0;
        long bytes = 0;
        try
        {
            ReadFrames(ref buffer, prefix, ref messages, ref bytes);
        }
        finally
        {
            _metrics.OnReceived(_peerTag, messages, bytes);
        }
    }

    private void ReadFrames(ref ReadOnlySequence<byte> buffer, Span<byte> prefix, ref int messages, ref long bytes)
    {
        while (buffer.Length >= 4)
        {
            buffer.Slice(0, 4).CopyTo(prefix);
            var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
            if (length is < 1 or > MaxFrameSize)
            {
                _logger.LogWarning("Protocol error from {Peer}: frame length {Length}; closing the connection", this, length);
                throw new ConnectionAbortedException($"Protocol error: frame length {length}.");
            }

            if (buffer.Length < 4 + length)
            {
                return;
            }

            var frame = buffer.Slice(4, length);
            bytes += 4 + length;
            if (frame.IsSingleSegment)
            {
                messages += HandleFrame(frame.FirstSpan);
            }
            else
            {
                var rented = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    frame.CopyTo(rented);
                    messages += HandleFrame(rented.AsSpan(0, length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }

            buffer = buffer.Slice(4 + length);
        }
    }

    /// <summary>Hands one frame to the owner; returns 1 for a message frame, 0 for a control frame.</summary>
    private int HandleFrame(ReadOnlySpan<byte> frame)
    {
        var type = (FrameType)frame[0];
        if (type == FrameType.Message)
        {
            _owner.OnMessage(this, frame[1..]);
            return 1;
        }

        var reader = new ValueReader(frame[1..]);
        _owner.OnControl(this, type, unchecked((long)reader.ReadVarUInt64()));
        return 0;
    }
}
