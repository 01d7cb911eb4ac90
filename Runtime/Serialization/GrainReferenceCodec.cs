using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Serialization;

/// <summary>Grain references as arguments and results: the grain id travels, the receiver rebuilds the reference.</summary>
public static class GrainReferenceCodec
{
    /// <summary>Writes a grain reference (null allowed).</summary>
    public static void Write(ref ValueWriter writer, uint fieldId, IAddressable? value)
    {
        if (value is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        var grainId = value.GetGrainId();
        writer.WriteStartObject(fieldId);
        writer.WriteStringField(0, grainId.Type);
        writer.WriteStringField(1, grainId.Key);
        writer.WriteEndObject();
    }

    /// <summary>Reads a grain reference of interface <typeparamref name="T"/>.</summary>
    public static T? Read<T>(ref ValueReader reader, WireType wireType)
        where T : class, IAddressable
    {
        if (wireType == WireType.Null)
        {
            return null;
        }

        if (wireType != WireType.StartObject)
        {
            throw ValueReader.Mismatch(wireType, "a grain reference");
        }

        reader.EnterObject();
        string? type = null;
        string? key = null;
        while (reader.TryReadField(out var id, out var wt))
        {
            switch (id)
            {
                case 0:
                    type = PrimitiveCodecs.ReadString(ref reader, wt);
                    break;
                case 1:
                    key = PrimitiveCodecs.ReadString(ref reader, wt);
                    break;
                default:
                    reader.SkipField(wt);
                    break;
            }
        }

        reader.LeaveObject();
        if (string.IsNullOrEmpty(type) || key is null)
        {
            throw new SerializationException("A grain reference has no grain id.");
        }

        var context = reader.Context ?? throw new SerializationException("Grain references can only be read inside a runtime.");
        return context.GetGrainReference<T>(new GrainId(type, key));
    }
}
