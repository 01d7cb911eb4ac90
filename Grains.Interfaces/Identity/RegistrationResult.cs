using Orleans;

namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>How a registration ended.</summary>
[GenerateSerializer, Alias("OrleansBackend.RegistrationStatus")]
public enum RegistrationStatus
{
    /// <summary>The user was created.</summary>
    Created = 0,

    /// <summary>Another user already has the e-mail address.</summary>
    EmailTaken = 1,
}

/// <summary>The answer to a registration: the new user's profile when created.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.RegistrationResult")]
public sealed record RegistrationResult(
    [property: Id(0)] RegistrationStatus Status,
    [property: Id(1)] UserProfile? User);
