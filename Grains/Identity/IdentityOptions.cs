namespace OrleansBackend.Grains.Identity;

/// <summary>Identity settings (configuration section <c>Identity</c>).</summary>
public sealed class IdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Identity";

    /// <summary>PBKDF2 iterations for new password hashes (at least <see cref="PasswordHasher.MinimumIterations"/>).</summary>
    public int PasswordIterations { get; set; } = PasswordHasher.MinimumIterations;
}
