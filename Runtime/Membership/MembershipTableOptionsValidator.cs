using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Membership;

/// <summary>Checks <see cref="MembershipTableOptions"/> and names the offending key.</summary>
internal sealed class MembershipTableOptionsValidator : IValidateOptions<MembershipTableOptions>
{
    private const string Choices = $"'{MembershipTableOptions.MemoryProvider}', '{MembershipTableOptions.RedisProvider}' or '{MembershipTableOptions.PostgresProvider}'";

    public ValidateOptionsResult Validate(string? name, MembershipTableOptions options)
    {
        const string ProviderKey = MembershipTableOptions.SectionName + ":Provider";
        const string ConnectionStringKey = MembershipTableOptions.SectionName + ":ConnectionString";
        var provider = Normalize(options.Provider);
        if (provider is null)
        {
            return ValidateOptionsResult.Fail($"{ProviderKey} is missing: set it to {Choices}.");
        }

        if (provider is not (MembershipTableOptions.MemoryProvider or MembershipTableOptions.RedisProvider or MembershipTableOptions.PostgresProvider))
        {
            return ValidateOptionsResult.Fail($"{ProviderKey} must be {Choices} (was '{options.Provider}').");
        }

        if (provider != MembershipTableOptions.MemoryProvider && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{ConnectionStringKey} is missing: the '{provider}' membership provider needs a connection string.");
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>The provider name trimmed and lower-cased, or null when empty.</summary>
    public static string? Normalize(string? provider) =>
        string.IsNullOrWhiteSpace(provider) ? null : provider.Trim().ToLowerInvariant();
}
