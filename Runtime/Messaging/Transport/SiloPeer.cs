using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>
/// The connections to one remote silo, the messages waiting for a connection, and whether the silo is dead.
/// Guarded by its own lock; <see cref="Connections"/> is replaced, never mutated, so senders read it lock-free.
/// </summary>
internal sealed class SiloPeer
{
    public SiloPeer(SiloAddress address)
    {
        Address = address;
    }

    public SiloAddress Address { get; }

    public object Lock { get; } = new();

    public Connection[] Connections = [];

    public Queue<Message> Backlog { get; } = new();

    public Task<Connection>? Connecting;

    public bool Dead;

    public int NextConnection;

    public int FailedAttempts;
}
