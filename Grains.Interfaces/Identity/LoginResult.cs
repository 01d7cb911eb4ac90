using Orleans;

namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>How a login attempt ended.</summary>
[GenerateSerializer, Alias("OrleansBackend.LoginStatus")]
public enum LoginStatus
{
    /// <summary>The password matched and a session was started.</summary>
    Succeeded = 0,

    /// <summary>Unknown e-mail or wrong password (callers cannot tell which).</summary>
    InvalidCredentials = 1,

    /// <summary>Too many failed attempts on this e-mail recently; try again at <see cref="LoginResult.RetryAt"/>.</summary>
    LockedOut = 2,
}

/// <summary>The answer to a login attempt.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.LoginResult")]
public sealed record LoginResult(
    [property: Id(0)] LoginStatus Status,
    [property: Id(1)] SessionInfo? Session,
    [property: Id(2)] DateTimeOffset? RetryAt);
