using Orleans;

namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>
/// One per normalized e-mail address (trimmed, lower-cased): makes addresses unique across the cluster without
/// a database constraint (a single activation serializes competing registrations) and keeps the failed-login
/// window of the address, so unknown and known addresses behave alike.
/// </summary>
[Alias("OrleansBackend.IEmailIndexGrain")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Creates a user with this address (as typed: <paramref name="email"/> normalizes to the key) unless one exists.</summary>
    [Alias("Register")]
    Task<RegistrationResult> Register(string email, string password, string? displayName);

    /// <summary>Checks the password and, when it matches, starts a session whose token hashes to <paramref name="tokenHash"/>.</summary>
    [Alias("Login")]
    Task<LoginResult> Login(string password, string sessionId, byte[] tokenHash);
}
