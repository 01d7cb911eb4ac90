using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// The wire form of a message: header fields first, then the body (arguments of a request, result or exception
/// of a response) as field <see cref="BodyField"/>, so a reader knows how to read the body before it gets there.
/// </summary>
internal static class MessageCodec
{
    public const uint BodyField = 10;

    /// <summary>Writes a request as sent to <paramref name="remainingMilliseconds"/> before the caller gives up.</summary>
    public static void WriteRequest(ref ValueWriter writer, Message message, int remainingMilliseconds)
    {
        var method = message.Request.Method;
        PrimitiveCodecs.WriteInt32(ref writer, 0, (int)message.Kind);
        PrimitiveCodecs.WriteInt64(ref writer, 1, message.Id);
        writer.WriteStringField(2, message.Target.Type);
        writer.WriteStringField(3, message.Target.Key);
        PrimitiveCodecs.WriteInt64(ref writer, 4, message.CallChainId);
        PrimitiveCodecs.WriteUInt32(ref writer, 5, method.InterfaceId);
        PrimitiveCodecs.WriteUInt32(ref writer, 6, method.MethodId);
        PrimitiveCodecs.WriteInt32(ref writer, 7, remainingMilliseconds);
        if (message.ForwardCount > 0)
        {
            PrimitiveCodecs.WriteInt32(ref writer, 8, message.ForwardCount);
        }

        if (message.TraceParent is not null)
        {
            writer.WriteStringField(9, message.TraceParent);
        }

        writer.WriteStartObject(BodyField);
        message.Request.WriteArguments(ref writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes the response to a request that arrived from <see cref="Message.ReplyConnection"/>.</summary>
    public static void WriteResponse(ref ValueWriter writer, Message message)
    {
        PrimitiveCodecs.WriteInt32(ref writer, 0, (int)MessageKind.Response);
        PrimitiveCodecs.WriteInt64(ref writer, 1, message.ReplyId);
        writer.WriteStartObject(BodyField);
        message.Request.WriteResponse(ref writer);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads header fields up to the start of the body. Returns with the reader positioned inside the body
    /// (after its start marker) when <see cref="MessageHeader.HasBody"/> is true.
    /// </summary>
    public static MessageHeader ReadHeader(ref ValueReader reader, GrainTypeNames grainTypes)
    {
        var header = default(MessageHeader);
        while (reader.TryReadField(out var id, out var wireType))
        {
            switch (id)
            {
                case 0:
                    header.Kind = (MessageKind)PrimitiveCodecs.ReadInt32(ref reader, wireType);
                    break;
                case 1:
                    header.Id = PrimitiveCodecs.ReadInt64(ref reader, wireType);
                    break;
                case 2:
                    header.TargetType = wireType == WireType.LengthPrefixed ? grainTypes.Get(reader.ReadLengthPrefixed()) : PrimitiveCodecs.ReadString(ref reader, wireType);
                    break;
                case 3:
                    header.TargetKey = PrimitiveCodecs.ReadString(ref reader, wireType);
                    break;
                case 4:
                    header.CallChainId = PrimitiveCodecs.ReadInt64(ref reader, wireType);
                    break;
                case 5:
                    header.InterfaceId = PrimitiveCodecs.ReadUInt32(ref reader, wireType);
                    break;
                case 6:
                    header.MethodId = PrimitiveCodecs.ReadUInt32(ref reader, wireType);
                    break;
                case 7:
                    header.TimeoutMilliseconds = PrimitiveCodecs.ReadInt32(ref reader, wireType);
                    break;
                case 8:
                    header.ForwardCount = PrimitiveCodecs.ReadInt32(ref reader, wireType);
                    break;
                case 9:
                    header.TraceParent = PrimitiveCodecs.ReadString(ref reader, wireType);
                    break;
                case BodyField when wireType == WireType.StartObject:
                    reader.EnterObject();
                    header.HasBody = true;
                    return header;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return header;
    }
}
