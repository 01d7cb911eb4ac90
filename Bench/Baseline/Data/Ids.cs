using System.Security.Cryptography;

namespace OrleansBackend.Baseline.Data;

/// <summary>Opaque random ids (the caller adds the type prefix).</summary>
public static class Ids
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
