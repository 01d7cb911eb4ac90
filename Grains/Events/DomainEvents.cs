using System.Buffers;
using System.Text;
using System.Text.Json;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Grains.Events;

/// <summary>Builds the outbox events grains publish with their state changes (written without reflection).</summary>
internal static class DomainEvents
{
    /// <summary>An event on user <paramref name="userId"/>'s stream, its data written by <paramref name="writeData"/>.</summary>
    public static OutboxEvent ForUser(string userId, string type, DateTimeOffset at, Action<Utf8JsonWriter> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeData(writer);
            writer.WriteEndObject();
        }

        var data = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return OutboxEvent.Create(DomainStreams.UserNamespace, userId, new DomainEvent(type, at, data), type);
    }
}
