namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>The ISO 4217 currencies accounts may be opened in.</summary>
public static class Currencies
{
    /// <summary>The supported codes, upper-case.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "INR", "CNY", "SEK",
        "NOK", "DKK", "NZD", "SGD", "HKD", "PLN", "CZK", "MXN", "BRL", "ZAR",
    };

    /// <summary>True for a supported code (case-sensitive: codes are upper-case).</summary>
    public static bool IsSupported(string? code) => code is not null && Supported.Contains(code);
}
