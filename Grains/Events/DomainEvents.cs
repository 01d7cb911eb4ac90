using System.Buffers;
using System.Text;
using System.Text.Json;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Events;

/// <summary>Builds the domain events grains publish with their state changes (JSON written without reflection).</summary>
internal static class DomainEvents
{
    /// <summary>A new event on user <paramref name="userId"/>'s stream, its data written by <paramref name="writeData"/>.</summary>
    public static DomainEvent ForUser(string userId, string type, DateTimeOffset at, Action<Utf8JsonWriter> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeData(writer);
            writer.WriteEndObject();
        }

        return new DomainEvent(Guid.NewGuid(), userId, type, at, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
