using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OrleansBackend.Runtime.Membership.Redis;

/// <summary>Checks <see cref="RedisMembershipOptions"/> at start-up and names the offending key.</summary>
internal sealed partial class RedisMembershipOptionsValidator : IValidateOptions<RedisMembershipOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, RedisMembershipOptions options)
    {
        var errors = new List<string>();
        CheckConnectionString(errors, options.ConnectionString);
        if (string.IsNullOrEmpty(options.KeyPrefix) || !KeyPrefixPattern().IsMatch(options.KeyPrefix))
        {
            errors.Add($"{RedisMembershipOptions.SectionName}:KeyPrefix must be 1–64 letters, digits, '-', '_', '.' or ':' (was '{options.KeyPrefix}').");
        }

        CheckTimeout(errors, "ConnectTimeout", options.ConnectTimeout);
        CheckTimeout(errors, "OperationTimeout", options.OperationTimeout);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckConnectionString(List<string> errors, string? connectionString)
    {
        const string Key = RedisMembershipOptions.SectionName + ":ConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add($"{Key} must be a Redis connection string such as '127.0.0.1:6379' (was empty).");
            return;
        }

        try
        {
            // The value is not echoed: it may hold a password.
            if (ConfigurationOptions.Parse(connectionString).EndPoints.Count == 0)
            {
                errors.Add($"{Key} names no Redis server (expected host:port, for example '127.0.0.1:6379').");
            }
        }
        catch (ArgumentException e)
        {
            errors.Add($"{Key} is not a valid Redis connection string: {e.Message}");
        }
    }

    private static void CheckTimeout(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            errors.Add($"{RedisMembershipOptions.SectionName}:{key} must be more than zero and at most five minutes (was {value}).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex KeyPrefixPattern();
}
