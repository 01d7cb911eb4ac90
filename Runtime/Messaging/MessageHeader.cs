namespace OrleansBackend.Runtime.Messaging;

/// <summary>The envelope fields of a message read off the wire, before its body.</summary>
internal struct MessageHeader
{
    public MessageKind Kind;
    public long Id;
    public string? TargetType;
    public string? TargetKey;
    public long CallChainId;
    public uint InterfaceId;
    public uint MethodId;
    public int TimeoutMilliseconds;
    public int ForwardCount;
    public string? TraceParent;
    public bool HasBody;
}
