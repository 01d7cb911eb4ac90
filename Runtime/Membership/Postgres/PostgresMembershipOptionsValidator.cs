using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansBackend.Runtime.Membership.Postgres;

/// <summary>Checks <see cref="PostgresMembershipOptions"/> at start-up and names the offending key.</summary>
internal sealed class PostgresMembershipOptionsValidator : IValidateOptions<PostgresMembershipOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, PostgresMembershipOptions options)
    {
        var errors = new List<string>();
        CheckConnectionString(errors, options.ConnectionString);
        CheckTimeout(errors, "ConnectTimeout", options.ConnectTimeout);
        CheckTimeout(errors, "CommandTimeout", options.CommandTimeout);
        if (options.MaxPoolSize is < 1 or > 100)
        {
            errors.Add($"{PostgresMembershipOptions.SectionName}:MaxPoolSize must be 1–100 (was {options.MaxPoolSize}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckConnectionString(List<string> errors, string? connectionString)
    {
        const string Key = PostgresMembershipOptions.SectionName + ":ConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add($"{Key} must be an Npgsql connection string such as 'Host=127.0.0.1;Port=5432;Username=postgres' (was empty).");
            return;
        }

        try
        {
            // The value is not echoed: it may hold a password.
            if (string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host))
            {
                errors.Add($"{Key} names no server (expected Host=..., for example 'Host=127.0.0.1;Port=5432;Username=postgres').");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or KeyNotFoundException)
        {
            errors.Add($"{Key} is not a valid Npgsql connection string: {e.Message}");
        }
    }

    private static void CheckTimeout(List<string> errors, string key, TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1) || value > MaxTimeout)
        {
            errors.Add($"{PostgresMembershipOptions.SectionName}:{key} must be at least one second and at most five minutes (was {value}).");
        }
    }
}
