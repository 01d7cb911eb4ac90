using Orleans;
using Orleans.Concurrency;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>One per user (key: user id): profile, password hash, accounts and sessions.</summary>
[Alias("OrleansBackend.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user (idempotent: a second call with the same address returns the existing profile).</summary>
    [Alias("Create")]
    Task<UserProfile> Create(string email, string password, string? displayName);

    /// <summary>The profile, or null when the user does not exist.</summary>
    [Alias("GetProfile")]
    [ReadOnly]
    Task<UserProfile?> GetProfile();

    /// <summary>True when <paramref name="password"/> is the user's password (constant-time comparison).</summary>
    [Alias("VerifyPassword")]
    Task<bool> VerifyPassword(string password);

    /// <summary>Starts a session for this user.</summary>
    [Alias("StartSession")]
    Task<SessionInfo> StartSession(string sessionId, byte[] tokenHash);

    /// <summary>The user's active sessions, newest first.</summary>
    [Alias("GetActiveSessions")]
    Task<IReadOnlyList<SessionInfo>> GetActiveSessions();

    /// <summary>Opens an account in <paramref name="currency"/> owned by this user.</summary>
    [Alias("OpenAccount")]
    Task<AccountSnapshot> OpenAccount(string currency);
}
