using Orleans;

namespace OrleansBackend.Grains.Identity;

/// <summary>A stored password: PBKDF2-HMAC-SHA256 output with its salt and iteration count (never the password).</summary>
[GenerateSerializer, Alias("OrleansBackend.PasswordHash")]
public sealed class PasswordHash
{
    /// <summary>Per-user random salt.</summary>
    [Id(0)]
    public byte[] Salt { get; set; } = [];

    /// <summary>The derived key.</summary>
    [Id(1)]
    public byte[] Hash { get; set; } = [];

    /// <summary>Iterations used, so the count can be raised for new hashes without breaking old ones.</summary>
    [Id(2)]
    public int Iterations { get; set; }
}
