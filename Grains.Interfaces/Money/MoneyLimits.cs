namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>Limits every money request obeys.</summary>
public static class MoneyLimits
{
    /// <summary>The largest amount of one deposit, withdrawal or transfer, in minor units.</summary>
    public const long MaxAmount = 1_000_000_000_000;

    /// <summary>The longest reference text.</summary>
    public const int MaxReferenceLength = 140;
}
