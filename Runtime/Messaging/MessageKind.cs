namespace OrleansBackend.Runtime.Messaging;

/// <summary>What a message is.</summary>
internal enum MessageKind : byte
{
    /// <summary>A call whose caller waits for a response.</summary>
    Request = 0,

    /// <summary>A call whose caller does not wait.</summary>
    OneWay = 1,

    /// <summary>The answer to a request.</summary>
    Response = 2,

    /// <summary>A grain timer's tick, run as a turn of its activation.</summary>
    TimerTick = 3,
}
