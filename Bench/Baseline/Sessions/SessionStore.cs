using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace OrleansBackend.Baseline.Sessions;

/// <summary>
/// Sessions in Redis, the conventional way: the key is the SHA-256 of the bearer token (tokens are never stored),
/// the value the user id, with a 24 h sliding expiry. Every request looks its token up, so a revoked token is dead
/// at once on every instance. One multiplexer, connected at start-up (deps.md: never connect on a request path).
/// </summary>
public sealed class SessionStore(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan Sliding = TimeSpan.FromHours(24);
    private readonly IDatabase _db = redis.GetDatabase();

    public async Task<SessionBody> CreateAsync(string userId)
    {
        var sessionId = "ses_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var token = sessionId + "." + Base64Url(RandomNumberGenerator.GetBytes(32));
        await _db.StringSetAsync(Key(token), userId, Sliding);
        return new SessionBody(token, sessionId, userId, DateTimeOffset.UtcNow.Add(Sliding));
    }

    /// <summary>The user the bearer token of the request belongs to, or null.</summary>
    public async Task<string?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length > 200)
        {
            return null;
        }

        var key = Key(header[7..].Trim());
        var user = await _db.StringGetAsync(key);
        if (user.IsNull)
        {
            return null;
        }

        // Slide the expiry without waiting for it: pipelined on the same connection, no extra round trip awaited.
        _db.KeyExpire(key, Sliding, CommandFlags.FireAndForget);
        return user;
    }

    private static string Key(string token) => "sess:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
