using System.Text;
using System.Text.Json;

namespace OrleansBackend.Bench.Load;

/// <summary>Tiny JSON helpers for request bodies with string values (escaped by the framework's encoder).</summary>
public static class Json
{
    public static string Object(params (string Key, string Value)[] fields)
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(JsonSerializer.Serialize(fields[i].Key)).Append(':').Append(JsonSerializer.Serialize(fields[i].Value));
        }

        return sb.Append('}').ToString();
    }
}
