using Orleans;
using Orleans.Concurrency;

namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>
/// One per session (key: session id). Holds only the SHA-256 hash of the token's secret. Every authenticated
/// request asks it, so a revoked session is dead at once on every Api instance.
/// </summary>
[Alias("OrleansBackend.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Starts the session (idempotent for the same user and hash).</summary>
    [Alias("Start")]
    Task<SessionInfo> Start(string userId, byte[] tokenHash);

    /// <summary>Checks a token's secret hash; a valid use slides the expiry.</summary>
    [Alias("Validate")]
    [SafeToRepeat]
    Task<SessionValidation> Validate(byte[] tokenHash);

    /// <summary>The session, or null when it never existed.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<SessionInfo?> Get();

    /// <summary>Ends the session if it belongs to <paramref name="userId"/>; false when it does not (or never existed).</summary>
    [Alias("Revoke")]
    Task<bool> Revoke(string userId);
}
