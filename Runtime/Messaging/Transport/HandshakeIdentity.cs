using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>What one side of a handshake says about itself (and the secret it proves it knows).</summary>
internal sealed record HandshakeIdentity(string ClusterId, byte[] Secret, ConnectionRole Role, SiloAddress? Silo);

/// <summary>The outcome of a handshake.</summary>
internal sealed record HandshakeResult(bool Accepted, ConnectionRole RemoteRole, SiloAddress? RemoteSilo, string? Error);
