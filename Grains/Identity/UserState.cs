using Orleans;

namespace OrleansBackend.Grains.Identity;

/// <summary>A user's durable state.</summary>
[GenerateSerializer, Alias("OrleansBackend.UserState")]
public sealed class UserState
{
    /// <summary>The address as typed at registration; null until the user exists.</summary>
    [Id(0)]
    public string? Email { get; set; }

    /// <summary>The name shown for the user.</summary>
    [Id(1)]
    public string? DisplayName { get; set; }

    /// <summary>When the user registered.</summary>
    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The password's PBKDF2 hash.</summary>
    [Id(3)]
    public PasswordHash? Password { get; set; }

    /// <summary>The user's accounts, in the order opened.</summary>
    [Id(4)]
    public List<string> AccountIds { get; set; } = [];

    /// <summary>Sessions started for the user, oldest first; ended ones are dropped when the list is read.</summary>
    [Id(5)]
    public List<string> SessionIds { get; set; } = [];
}
