using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansBackend.Baseline;

/// <summary>Source-generated JSON for every body the baseline reads or writes (as the Api does: no reflection per request).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Credentials))]
[JsonSerializable(typeof(UserBody))]
[JsonSerializable(typeof(SessionBody))]
[JsonSerializable(typeof(OpenAccountBody))]
[JsonSerializable(typeof(AccountBody))]
[JsonSerializable(typeof(MoneyBody))]
[JsonSerializable(typeof(EntryBody))]
[JsonSerializable(typeof(EntryPage))]
[JsonSerializable(typeof(TransferRequestBody))]
[JsonSerializable(typeof(TransferBody))]
[JsonSerializable(typeof(ProblemBody))]
public sealed partial class BaselineJsonContext : JsonSerializerContext
{
}
