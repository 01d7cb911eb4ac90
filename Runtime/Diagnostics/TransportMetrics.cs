using System.Diagnostics.Metrics;
using OrleansBackend.Runtime.Messaging.Transport;

namespace OrleansBackend.Runtime.Diagnostics;

/// <summary>
/// The transport's instruments (meter <see cref="RuntimeMetrics.MeterName"/>): messages and bytes sent and
/// received, by direction and by the role of the peer (silo or client). Connections add once per written batch or
/// read buffer, not per frame; nothing is recorded when nobody listens.
/// </summary>
internal sealed class TransportMetrics
{
    private const string Sent = "sent";
    private const string Received = "received";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _bytes;

    public TransportMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RuntimeMetrics.MeterName);
        _messages = meter.CreateCounter<long>("orleans.messaging.messages", "{message}", "Grain messages (requests and responses) sent and received over connections, by direction and peer role (silo, client).");
        _bytes = meter.CreateCounter<long>("orleans.messaging.bytes", "By", "Bytes of frames sent and received over connections (messages and control frames), by direction and peer role.");
    }

    /// <summary>The peer tag of a connection to <paramref name="role"/>.</summary>
    public static string PeerTag(ConnectionRole role) => role == ConnectionRole.Silo ? "silo" : "client";

    public void OnSent(string peer, int messages, long bytes) => Record(Sent, peer, messages, bytes);

    public void OnReceived(string peer, int messages, long bytes) => Record(Received, peer, messages, bytes);

    private void Record(string direction, string peer, int messages, long bytes)
    {
        if (messages > 0 && _messages.Enabled)
        {
            _messages.Add(messages, new KeyValuePair<string, object?>("direction", direction), new KeyValuePair<string, object?>("peer", peer));
        }

        if (bytes > 0 && _bytes.Enabled)
        {
            _bytes.Add(bytes, new KeyValuePair<string, object?>("direction", direction), new KeyValuePair<string, object?>("peer", peer));
        }
    }
}
