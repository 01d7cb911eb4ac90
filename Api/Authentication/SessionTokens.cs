using System.Buffers.Text;
using System.Security.Cryptography;
using OrleansBackend.Grains.Interfaces;

namespace OrleansBackend.Api.Authentication;

/// <summary>
/// Bearer tokens: <c>&lt;session id&gt;.&lt;secret&gt;</c> where the secret is 32 random bytes (256 bits) in
/// base64url. The session id routes the check to its grain; only the secret's SHA-256 hash ever leaves the Api.
/// </summary>
public static class SessionTokens
{
    private const int SecretBytes = 32;
    private const int SecretChars = 43;

    /// <summary>A new token for a new session, and the hash its session stores.</summary>
    public static (string Token, string SessionId, byte[] SecretHash) Create()
    {
        var sessionId = ResourceIds.New(ResourceIds.SessionPrefix);
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secret);
        var token = $"{sessionId}.{Base64Url.EncodeToString(secret)}";
        return (token, sessionId, SHA256.HashData(secret));
    }

    /// <summary>Splits a token into its session id and the hash of its secret; false for anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out string sessionId, out byte[] secretHash)
    {
        sessionId = string.Empty;
        secretHash = [];
        var idLength = ResourceIds.SessionPrefix.Length + ResourceIds.BodyLength;
        if (token.Length != idLength + 1 + SecretChars || token[idLength] != '.')
        {
            return false;
        }

        Span<byte> secret = stackalloc byte[SecretBytes + 2];
        if (Base64Url.DecodeFromChars(token[(idLength + 1)..], secret, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != SecretBytes)
        {
            return false;
        }

        var id = token[..idLength].ToString();
        if (!ResourceIds.IsWellFormed(id, ResourceIds.SessionPrefix))
        {
            return false;
        }

        sessionId = id;
        secretHash = SHA256.HashData(secret[..SecretBytes]);
        return true;
    }
}
