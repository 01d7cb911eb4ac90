namespace OrleansBackend.Grains.Money;

/// <summary>Account settings (configuration section <c>Accounts</c>).</summary>
public sealed class AccountOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Accounts";

    /// <summary>The highest balance an account may hold, in minor units (Int64 at most, the default).</summary>
    public long MaxBalance { get; set; } = long.MaxValue;
}
