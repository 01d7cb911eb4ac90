using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>
/// Mutual proof of the cluster secret before any grain message is accepted: the listener sends a nonce, the
/// connecting side answers with an HMAC-SHA256 over both nonces, the cluster id, its role and address; the
/// listener checks it and proves itself the same way. The secret never crosses the wire. A peer that fails is
/// dropped.
/// </summary>
internal static class ConnectionHandshake
{
    private const int ProtocolVersion = 1;
    private const int NonceSize = 32;
    private const int MaxHandshakeFrame = 4096;

    /// <summary>The listening side.</summary>
    public static async Task<HandshakeResult> AcceptAsync(ConnectionContext connection, HandshakeIdentity local, CancellationToken cancellationToken)
    {
        var serverNonce = RandomNumberGenerator.GetBytes(NonceSize);
        await WriteFrameAsync(connection.Transport.Output, (ref ValueWriter writer) =>
        {
            PrimitiveCodecs.WriteInt32(ref writer, 0, ProtocolVersion);
            writer.WriteStringField(1, local.ClusterId);
            writer.WriteBytesField(2, serverNonce);
            writer.WriteStringField(3, local.Silo?.ToParsableString());
        }, cancellationToken);

        var auth = await ReadFrameAsync(connection.Transport.Input, cancellationToken);
        var (version, role, address, clientNonce, mac) = ParseAuth(auth);
        if (version != ProtocolVersion)
        {
            return await RejectAsync(connection, $"protocol version {version} is not supported", cancellationToken);
        }

        if (role is not (ConnectionRole.Silo or ConnectionRole.Client) || clientNonce is not { Length: NonceSize } || mac is null)
        {
            return await RejectAsync(connection, "malformed handshake", cancellationToken);
        }

        SiloAddress? remoteSilo = null;
        if (role == ConnectionRole.Silo && !SiloAddress.TryParse(address, out remoteSilo))
        {
            return await RejectAsync(connection, "a silo must say its address", cancellationToken);
        }

        var expected = Mac(local.Secret, "client", serverNonce, clientNonce, local.ClusterId, role, address);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return await RejectAsync(connection, "the cluster secret or cluster id does not match", cancellationToken);
        }

        var proof = Mac(local.Secret, "server", clientNonce, serverNonce, local.ClusterId, role, address);
        await WriteFrameAsync(connection.Transport.Output, (ref ValueWriter writer) =>
        {
            PrimitiveCodecs.WriteBoolean(ref writer, 0, true);
            writer.WriteBytesField(1, proof);
        }, cancellationToken);
        return new HandshakeResult(true, role, remoteSilo, null);
    }

    /// <summary>The connecting side.</summary>
    public static async Task<HandshakeResult> ConnectAsync(ConnectionContext connection, HandshakeIdentity local, CancellationToken cancellationToken)
    {
        var hello = await ReadFrameAsync(connection.Transport.Input, cancellationToken);
        var (version, clusterId, serverNonce, serverAddress) = ParseHello(hello);
        if (version != ProtocolVersion || serverNonce is not { Length: NonceSize })
        {
            return new HandshakeResult(false, default, null, $"the remote side speaks protocol {version}");
        }

        if (!string.Equals(clusterId, local.ClusterId, StringComparison.Ordinal))
        {
            return new HandshakeResult(false, default, null, $"the remote side belongs to cluster '{clusterId}', not '{local.ClusterId}'");
        }

        var clientNonce = RandomNumberGenerator.GetBytes(NonceSize);
        var address = local.Silo?.ToParsableString();
        var mac = Mac(local.Secret, "client", serverNonce, clientNonce, local.ClusterId, local.Role, address);
        await WriteFrameAsync(connection.Transport.Output, (ref ValueWriter writer) =>
        {
            PrimitiveCodecs.WriteInt32(ref writer, 0, ProtocolVersion);
            PrimitiveCodecs.WriteInt32(ref writer, 1, (int)local.Role);
            writer.WriteStringField(2, address);
            writer.WriteBytesField(3, clientNonce);
            writer.WriteBytesField(4, mac);
        }, cancellationToken);

        var answer = await ReadFrameAsync(connection.Transport.Input, cancellationToken);
        var (accepted, proof, error) = ParseAnswer(answer);
        if (!accepted || proof is null)
        {
            return new HandshakeResult(false, default, null, error ?? "rejected");
        }

        var expected = Mac(local.Secret, "server", clientNonce, serverNonce, local.ClusterId, local.Role, address);
        if (!CryptographicOperations.FixedTimeEquals(expected, proof))
        {
            return new HandshakeResult(false, default, null, "the listener could not prove it knows the cluster secret");
        }

        SiloAddress.TryParse(serverAddress, out var remoteSilo);
        return new HandshakeResult(true, ConnectionRole.Silo, remoteSilo, null);
    }

    private static async Task<HandshakeResult> RejectAsync(ConnectionContext connection, string reason, CancellationToken cancellationToken)
    {
        // The reason stays vague on purpose beyond "rejected": an attacker learns nothing about the secret.
        await WriteFrameAsync(connection.Transport.Output, (ref ValueWriter writer) =>
        {
            PrimitiveCodecs.WriteBoolean(ref writer, 0, false);
            writer.WriteStringField(2, "handshake rejected");
        }, cancellationToken);
        return new HandshakeResult(false, default, null, reason);
    }

    private static byte[] Mac(byte[] secret, string label, byte[] firstNonce, byte[] secondNonce, string clusterId, ConnectionRole role, string? address)
    {
        var text = Encoding.UTF8.GetBytes($"{label}|{clusterId}|{(int)role}|{address}");
        var data = new byte[text.Length + firstNonce.Length + secondNonce.Length];
        text.CopyTo(data, 0);
        firstNonce.CopyTo(data, text.Length);
        secondNonce.CopyTo(data, text.Length + firstNonce.Length);
        return HMACSHA256.HashData(secret, data);
    }

    private static (int Version, string? ClusterId, byte[]? Nonce, string? Address) ParseHello(byte[] frame)
    {
        var reader = new ValueReader(frame);
        var version = 0;
        string? clusterId = null;
        byte[]? nonce = null;
        string? address = null;
        while (reader.TryReadField(out var id, out var wireType))
        {
            switch (id)
            {
                case 0: version = PrimitiveCodecs.ReadInt32(ref reader, wireType); break;
                case 1: clusterId = PrimitiveCodecs.ReadString(ref reader, wireType); break;
                case 2: nonce = PrimitiveCodecs.ReadByteArray(ref reader, wireType); break;
                case 3: address = PrimitiveCodecs.ReadString(ref reader, wireType); break;
                default: reader.SkipField(wireType); break;
            }
        }

        return (version, clusterId, nonce, address);
    }

    private static (int Version, ConnectionRole Role, string? Address, byte[]? Nonce, byte[]? Mac) ParseAuth(byte[] frame)
    {
        var reader = new ValueReader(frame);
        var version = 0;
        var role = default(ConnectionRole);
        string? address = null;
        byte[]? nonce = null;
        byte[]? mac = null;
        while (reader.TryReadField(out var id, out var wireType))
        {
            switch (id)
            {
                case 0: version = PrimitiveCodecs.ReadInt32(ref reader, wireType); break;
                case 1: role = (ConnectionRole)PrimitiveCodecs.ReadInt32(ref reader, wireType); break;
                case 2: address = PrimitiveCodecs.ReadString(ref reader, wireType); break;
                case 3: nonce = PrimitiveCodecs.ReadByteArray(ref reader, wireType); break;
                case 4: mac = PrimitiveCodecs.ReadByteArray(ref reader, wireType); break;
                default: reader.SkipField(wireType); break;
            }
        }

        return (version, role, address, nonce, mac);
    }

    private static (bool Accepted, byte[]? Proof, string? Error) ParseAnswer(byte[] frame)
    {
        var reader = new ValueReader(frame);
        var accepted = false;
        byte[]? proof = null;
        string? error = null;
        while (reader.TryReadField(out var id, out var wireType))
        {
            switch (id)
            {
                case 0: accepted = PrimitiveCodecs.ReadBoolean(ref reader, wireType); break;
                case 1: proof = PrimitiveCodecs.ReadByteArray(ref reader, wireType); break;
                case 2: error = PrimitiveCodecs.ReadString(ref reader, wireType); break;
                default: reader.SkipField(wireType); break;
            }
        }

        return (accepted, proof, error);
    }

    private delegate void FrameBody(ref ValueWriter writer);

    private static async Task WriteFrameAsync(PipeWriter output, FrameBody body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new ValueWriter(buffer);
        body(ref writer);
        writer.Commit();
        var frame = new byte[4 + buffer.WrittenCount];
        BinaryPrimitives.WriteInt32LittleEndian(frame, buffer.WrittenCount);
        buffer.WrittenSpan.CopyTo(frame.AsSpan(4));
        await output.WriteAsync(frame, cancellationToken);
    }

    private static async Task<byte[]> ReadFrameAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                var prefix = new byte[4];
                buffer.Slice(0, 4).CopyTo(prefix);
                var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
                if (length is < 0 or > MaxHandshakeFrame)
                {
                    throw new InvalidDataException($"Handshake frame of {length} bytes.");
                }

                if (buffer.Length >= 4 + length)
                {
                    var frame = buffer.Slice(4, length).ToArray();
                    input.AdvanceTo(buffer.GetPosition(4 + length));
                    return frame;
                }
            }

            if (result.IsCompleted)
            {
                throw new InvalidDataException("The peer closed the connection during the handshake.");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
