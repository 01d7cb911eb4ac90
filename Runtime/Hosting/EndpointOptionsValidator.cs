using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Checks <see cref="EndpointOptions"/> at start-up and names the offending key.</summary>
internal sealed class EndpointOptionsValidator : IValidateOptions<EndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, EndpointOptions options)
    {
        var section = EndpointOptions.SectionName;
        var errors = new List<string>();
        if (options.SiloPort is < 0 or > 65535)
        {
            errors.Add($"{section}:SiloPort must be between 0 and 65535 (was {options.SiloPort}).");
        }

        if (options.GatewayPort is < -1 or > 65535)
        {
            errors.Add($"{section}:GatewayPort must be between 0 and 65535, or -1 for no gateway (was {options.GatewayPort}).");
        }

        if (options.ManagementPort is < 0 or > 65535)
        {
            errors.Add($"{section}:ManagementPort must be between 1 and 65535, or 0 for no management listener (was {options.ManagementPort}).");
        }
        else if (options.ManagementPort != 0 && (options.ManagementPort == options.SiloPort || options.ManagementPort == options.GatewayPort))
        {
            errors.Add($"{section}:ManagementPort must differ from {section}:SiloPort and {section}:GatewayPort (was {options.ManagementPort}).");
        }

        if (options.SiloPort != 0 && options.SiloPort == options.GatewayPort)
        {
            errors.Add($"{section}:SiloPort and {section}:GatewayPort must differ (both were {options.SiloPort}).");
        }

        if (string.IsNullOrWhiteSpace(options.AdvertisedAddress) || options.AdvertisedAddress.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            errors.Add($"{section}:AdvertisedAddress must be a host name or IP address (was '{options.AdvertisedAddress}').");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            errors.Add($"{section}:ListenAddress must be an IP address such as 0.0.0.0 or 127.0.0.1 (was '{options.ListenAddress}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
