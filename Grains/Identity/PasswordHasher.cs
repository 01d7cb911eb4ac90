using System.Security.Cryptography;

namespace OrleansBackend.Grains.Identity;

/// <summary>PBKDF2-HMAC-SHA256 from the framework, per-user salt, constant-time comparison.</summary>
public static class PasswordHasher
{
    /// <summary>The fewest iterations this service accepts for a new hash.</summary>
    public const int MinimumIterations = 100_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Hashed against when an address is unknown, so a miss costs as much time as a wrong password.
    private static readonly PasswordHash Decoy = new() { Salt = new byte[SaltBytes], Hash = new byte[HashBytes], Iterations = MinimumIterations };

    /// <summary>Hashes a password with a fresh salt.</summary>
    public static PasswordHash Hash(string password, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordHash
        {
            Salt = salt,
            Hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes),
            Iterations = iterations,
        };
    }

    /// <summary>True when <paramref name="password"/> hashes to <paramref name="stored"/>.</summary>
    public static bool Verify(string password, PasswordHash stored)
    {
        var candidate = Rfc2898DeriveBytes.Pbkdf2(password, stored.Salt, stored.Iterations, HashAlgorithmName.SHA256, stored.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(candidate, stored.Hash);
    }

    /// <summary>Spends the time of one verification and answers false.</summary>
    public static bool VerifyDecoy(string password)
    {
        Verify(password, Decoy);
        return false;
    }
}
