using Microsoft.Extensions.Logging;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Grains.Identity;

/// <summary>
/// Owns one normalized e-mail address. Being a single activation, it serializes competing registrations of the
/// address; its etag-checked write settles the rare case of two activations while membership changes. It also
/// keeps the address's failed-login window, so a locked-out address answers alike whether or not a user has it.
/// </summary>
public sealed class EmailIndexGrain : DurableGrain, IEmailIndexGrain
{
    private readonly IPersistentState<EmailIndexState> _state;
    private readonly ILogger<EmailIndexGrain> _logger;

    public EmailIndexGrain([PersistentState("email")] IPersistentState<EmailIndexState> state, ILogger<EmailIndexGrain> logger)
    {
        _state = state;
        _logger = logger;
    }

    public async Task<RegistrationResult> Register(string email, string password, string? displayName)
    {
        if (!string.Equals(EmailAddresses.Normalize(email), this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ArgumentException("The address does not belong to this index entry.", nameof(email));
        }

        if (_state.State.UserId is not null)
        {
            return new RegistrationResult(RegistrationStatus.EmailTaken, null);
        }

        // The user is created first and the address claimed after: a crash in between leaves an unreachable user
        // and a free address, never an address that points at nobody.
        var userId = ResourceIds.New(ResourceIds.UserPrefix);
        var profile = await GrainFactory.GetGrain<IUserGrain>(userId).Create(email, password, displayName);
        _state.State.UserId = userId;
        await SaveAsync(_state, DomainEvents.ForUser(userId, DomainEventTypes.UserRegistered, profile.CreatedAt, writer =>
        {
            writer.WriteString("userId", userId);
            writer.WriteString("email", profile.Email);
            if (profile.DisplayName is not null)
            {
                writer.WriteString("displayName", profile.DisplayName);
            }
        }));
        _logger.LogInformation("User {UserId} registered", userId);
        return new RegistrationResult(RegistrationStatus.Created, profile);
    }

    public async Task<LoginResult> Login(string password, string sessionId, byte[] tokenHash)
    {
        var now = TimeProvider.GetUtcNow();
        var failures = _state.State.Failures;
        if (LoginThrottle.LockedUntil(failures, now) is { } until)
        {
            return new LoginResult(LoginStatus.LockedOut, null, until);
        }

        var userId = _state.State.UserId;
        if (userId is null)
        {
            PasswordHasher.VerifyDecoy(password);
            // Unknown addresses count failures in memory only, so probing random addresses writes nothing.
            failures.Add(now);
            return new LoginResult(LoginStatus.InvalidCredentials, null, null);
        }

        var user = GrainFactory.GetGrain<IUserGrain>(userId);
        if (!await user.VerifyPassword(password))
        {
            failures.Add(now);
            await SaveAsync(_state, DomainEvents.ForUser(userId, DomainEventTypes.LoginFailed, now, writer =>
            {
                writer.WriteString("reason", "invalid_credentials");
                writer.WriteNumber("failuresInWindow", failures.Count);
            }));
            _logger.LogInformation("Failed login for user {UserId} ({Failures} in the window)", userId, failures.Count);
            return new LoginResult(LoginStatus.InvalidCredentials, null, null);
        }

        if (failures.Count > 0)
        {
            failures.Clear();
            await SaveAsync(_state);
        }

        var session = await user.StartSession(sessionId, tokenHash);
        return new LoginResult(LoginStatus.Succeeded, session, null);
    }
}
