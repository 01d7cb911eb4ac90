using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Identity;

/// <summary>A user's durable state.</summary>
[GenerateSerializer]
public sealed class UserState
{
    [Id(0)]
    public string? Email { get; set; }

    [Id(1)]
    public string? DisplayName { get; set; }

    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(3)]
    public PasswordHash? Password { get; set; }

    [Id(4)]
    public List<string> AccountIds { get; set; } = [];

    /// <summary>Sessions started for the user, oldest first; ended ones are dropped when the list is read.</summary>
    [Id(5)]
    public List<string> SessionIds { get; set; } = [];
}
