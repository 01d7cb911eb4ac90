using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans;
using OrleansBackend.Api.Problems;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> header (1–255 printable ASCII characters, scoped to the caller) and the
/// fingerprint of a request's content that a key is bound to.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The request header.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The response header set on a replayed answer.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>The longest key.</summary>
    public const int MaxLength = 255;

    /// <summary>Reads the key, or returns the 400 problem to answer with.</summary>
    public static bool TryRead(HttpRequest request, out string key, out IResult? problem)
    {
        key = string.Empty;
        problem = null;
        var values = request.Headers[HeaderName];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            problem = Problems.Problems.Result(ProblemTypes.IdempotencyKeyRequired, $"Send an {HeaderName} header (1–{MaxLength} printable ASCII characters) so the request can be retried safely.");
            return false;
        }

        var value = values.Count == 1 ? values[0]! : null;
        if (value is null || value.Length > MaxLength || !value.All(c => c is >= ' ' and <= '~'))
        {
            problem = Problems.Problems.Validation(new Dictionary<string, string[]>
            {
                [HeaderName] = [$"Must be one value of 1 to {MaxLength} printable ASCII characters."],
            });
            return false;
        }

        key = value;
        return true;
    }

    /// <summary>The grain that binds <paramref name="key"/> of <paramref name="userId"/> to a request's content.</summary>
    public static IIdempotencyKeyGrain Binding(IGrainFactory grains, string userId, string key) =>
        grains.GetGrain<IIdempotencyKeyGrain>($"{userId}/{Hash(key)}");

    /// <summary>The transfer id a caller's key leads to (so retries of one transfer meet in one saga).</summary>
    public static string TransferId(string userId, string key) => ResourceIds.Derive(ResourceIds.TransferPrefix, $"{userId}\n{key}");

    /// <summary>A fingerprint of a request's operation, target and validated content.</summary>
    public static string Fingerprint(string operation, string target, long amount, string? reference, string? extra = null)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{operation}\n{target}\n{extra}\n{amount}\n{(reference is null ? "-" : "+" + reference)}");
        return Hash(text);
    }

    private static string Hash(string text) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
