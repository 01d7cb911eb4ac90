using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Identity;

/// <summary>A user: profile, password hash, accounts and sessions.</summary>
public sealed class UserGrain : DurableGrain, IUserGrain
{
    // Bounds the session list; the oldest session is dropped from it (not revoked) past this many.
    private const int MaxListedSessions = 200;

    private readonly IPersistentState<UserState> _state;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the activation.</summary>
    public UserGrain(
        [PersistentState("user", StorageNames.Default)] IPersistentState<UserState> state,
        IOptions<IdentityOptions> options,
        TimeProvider time)
    {
        _state = state;
        _options = options.Value;
        _time = time;
    }

    private string UserId => this.GetPrimaryKeyString();

    private bool Exists => _state.State.Email is not null;

    /// <inheritdoc />
    public async Task<UserProfile> Create(string email, string password, string? displayName)
    {
        if (Exists)
        {
            if (!string.Equals(EmailAddresses.Normalize(_state.State.Email!), EmailAddresses.Normalize(email), StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"User {UserId} already exists with another e-mail address.");
            }

            return Profile();
        }

        _state.State.Email = email;
        _state.State.DisplayName = displayName;
        _state.State.CreatedAt = _time.GetUtcNow();
        _state.State.Password = PasswordHasher.Hash(password, _options.PasswordIterations);
        await SaveAsync(_state);
        return Profile();
    }

    /// <inheritdoc />
    public Task<UserProfile?> GetProfile() => Task.FromResult(Exists ? Profile() : null);

    /// <inheritdoc />
    public async Task<bool> VerifyPassword(string password)
    {
        if (!Exists || _state.State.Password is null)
        {
            return PasswordHasher.VerifyDecoy(password);
        }

        if (!PasswordHasher.Verify(password, _state.State.Password))
        {
            return false;
        }

        if (_state.State.Password.Iterations < _options.PasswordIterations)
        {
            // The work factor was raised since this hash was made: upgrade it while the password is at hand.
            _state.State.Password = PasswordHasher.Hash(password, _options.PasswordIterations);
            await SaveAsync(_state);
        }

        return true;
    }

    /// <inheritdoc />
    public async Task<SessionInfo> StartSession(string sessionId, byte[] tokenHash)
    {
        EnsureExists();
        var session = await GrainFactory.GetGrain<ISessionGrain>(sessionId).Start(UserId, tokenHash);
        _state.State.SessionIds.Add(sessionId);
        if (_state.State.SessionIds.Count > MaxListedSessions)
        {
            _state.State.SessionIds.RemoveAt(0);
        }

        await SaveAsync(_state);
        return session;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SessionInfo>> GetActiveSessions()
    {
        if (!Exists)
        {
            return [];
        }

        var ids = _state.State.SessionIds;
        var sessions = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ISessionGrain>(id).Get()));
        var active = new List<SessionInfo>(sessions.Length);
        foreach (var session in sessions)
        {
            if (session is { Active: true } && session.UserId == UserId)
            {
                active.Add(session);
            }
        }

        if (active.Count != ids.Count)
        {
            _state.State.SessionIds = [.. active.Select(s => s.SessionId)];
            await SaveAsync(_state);
        }

        active.Sort((a, b) => b.CreatedAt.CompareTo(a.CreatedAt));
        return active;
    }

    /// <inheritdoc />
    public async Task<AccountSnapshot> OpenAccount(string currency)
    {
        EnsureExists();
        var accountId = ResourceIds.New(ResourceIds.AccountPrefix);
        // The account exists before the user lists it: a crash in between leaves an unlisted empty account, never a
        // listed account that does not exist.
        var account = await GrainFactory.GetGrain<IAccountGrain>(accountId).Open(UserId, currency);
        _state.State.AccountIds.Add(accountId);
        await SaveAsync(_state);
        return account;
    }

    private void EnsureExists()
    {
        if (!Exists)
        {
            throw new InvalidOperationException($"User {UserId} does not exist.");
        }
    }

    private UserProfile Profile() =>
        new(UserId, _state.State.Email!, _state.State.DisplayName, _state.State.CreatedAt, [.. _state.State.AccountIds]);
}
