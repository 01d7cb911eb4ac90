namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>One frame waiting to be written: a message, or a control frame with a numeric value.</summary>
internal readonly struct OutboundItem
{
    public OutboundItem(Message message)
    {
        Type = FrameType.Message;
        Message = message;
        Value = 0;
    }

    public OutboundItem(FrameType type, long value)
    {
        Type = type;
        Message = null;
        Value = value;
    }

    public FrameType Type { get; }

    public Message? Message { get; }

    public long Value { get; }
}
