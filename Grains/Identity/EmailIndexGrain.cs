using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Identity;

namespace OrleansBackend.Grains.Identity;

/// <summary>
/// Owns one normalized e-mail address. Being a single activation, it serializes competing registrations of the
/// address; its etag-checked write settles the rare case of two activations while membership changes. It also
/// keeps the address's failed-login window, so a locked-out address answers alike whether or not a user has it.
/// </summary>
public sealed class EmailIndexGrain : PublishingGrain<EmailIndexState>, IEmailIndexGrain
{
    private readonly TimeProvider _time;
    private readonly ILogger<EmailIndexGrain> _logger;

    /// <summary>Creates the activation.</summary>
    public EmailIndexGrain(
        [PersistentState("email", StorageNames.Default)] IPersistentState<EmailIndexState> state,
        TimeProvider time,
        ILogger<EmailIndexGrain> logger)
        : base(state)
    {
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<RegistrationResult> Register(string email, string password, string? displayName)
    {
        if (!string.Equals(EmailAddresses.Normalize(email), this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ArgumentException("The address does not belong to this index entry.", nameof(email));
        }

        if (State.UserId is not null)
        {
            return new RegistrationResult(RegistrationStatus.EmailTaken, null);
        }

        // The user is created first and the address claimed after: a crash in between leaves an unreachable user
        // and a free address, never an address that points at nobody.
        var userId = ResourceIds.New(ResourceIds.UserPrefix);
        var profile = await GrainFactory.GetGrain<IUserGrain>(userId).Create(email, password, displayName);
        State.UserId = userId;
        await SaveAsync(DomainEvents.ForUser(userId, DomainEventTypes.UserRegistered, profile.CreatedAt, writer =>
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

    /// <inheritdoc />
    public async Task<LoginResult> Login(string password, string sessionId, byte[] tokenHash)
    {
        var now = _time.GetUtcNow();
        var failures = State.Failures;
        if (LoginThrottle.LockedUntil(failures, now) is { } until)
        {
            return new LoginResult(LoginStatus.LockedOut, null, until);
        }

        var userId = State.UserId;
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
            await SaveAsync(DomainEvents.ForUser(userId, DomainEventTypes.LoginFailed, now, writer =>
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
            await SaveAsync();
        }

        var session = await user.StartSession(sessionId, tokenHash);
        return new LoginResult(LoginStatus.Succeeded, session, null);
    }
}
