using System.Globalization;

namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// A silo process: the endpoint its silo port listens on plus a generation (its start time in milliseconds),
/// so that a restarted process on the same endpoint is a different silo, and a silo declared dead never returns.
/// </summary>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    /// <summary>The <c>host:port@generation</c> form used in storage and on the wire.</summary>
    public string ToParsableString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    /// <summary>The endpoint without generation.</summary>
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>Parses the <c>host:port@generation</c> form.</summary>
    public static SiloAddress Parse(string value)
    {
        if (!TryParse(value, out var address))
        {
            throw new FormatException($"'{value}' is not a silo address of the form host:port@generation.");
        }

        return address;
    }

    /// <summary>Parses the <c>host:port@generation</c> form.</summary>
    public static bool TryParse(string? value, out SiloAddress address)
    {
        address = null!;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var at = value.LastIndexOf('@');
        var colon = at > 0 ? value.LastIndexOf(':', at - 1) : -1;
        if (at < 0 || colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(value.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return false;
        }

        address = new SiloAddress(value[..colon], port, generation);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => ToParsableString();
}
