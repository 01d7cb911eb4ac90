using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>
/// One per session (key: session id). Holds only the SHA-256 hash of the token's secret. Every authenticated
/// request asks it, so a revoked session is dead at once on every Api instance.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Starts the session (idempotent for the same user and hash).</summary>
    Task<SessionInfo> Start(string userId, byte[] tokenHash);

    /// <summary>Checks a token's secret hash; a valid use slides the expiry.</summary>
    Task<SessionValidation> Validate(byte[] tokenHash);

    /// <summary>The session, or null when it never existed.</summary>
    [ReadOnly]
    Task<SessionInfo?> Get();

    /// <summary>Ends the session if it belongs to <paramref name="userId"/>; false when it does not (or never existed).</summary>
    Task<bool> Revoke(string userId);
}
