using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Messaging.Transport;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Checks <see cref="ClusterOptions"/> at start-up and names the offending key.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var section = ClusterOptions.SectionName;
        var errors = new List<string>();
        if (options.Secret is null || options.Secret.Length < ClusterSecret.MinimumLength)
        {
            errors.Add($"{section}:Secret must be set to at least {ClusterSecret.MinimumLength} characters (was {(options.Secret is null ? "missing" : $"{options.Secret.Length} characters")}); every silo and client of the cluster needs the same value.");
        }

        if (options.SendQueueCapacity < 16)
        {
            errors.Add($"{section}:SendQueueCapacity must be at least 16 (was {options.SendQueueCapacity}).");
        }

        if (options.MaxForwardCount is < 0 or > 10)
        {
            errors.Add($"{section}:MaxForwardCount must be between 0 and 10 (was {options.MaxForwardCount}).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:ConnectTimeout must be more than zero (was {options.ConnectTimeout}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
