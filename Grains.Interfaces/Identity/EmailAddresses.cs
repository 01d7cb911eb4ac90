namespace OrleansBackend.Grains.Interfaces.Identity;

/// <summary>E-mail address rules shared by the Api and the grains.</summary>
public static class EmailAddresses
{
    /// <summary>The longest address accepted (RFC 5321 path limit).</summary>
    public const int MaxLength = 254;

    /// <summary>The form addresses are compared in (trimmed, lower-cased): the key of <see cref="IEmailIndexGrain"/>.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
