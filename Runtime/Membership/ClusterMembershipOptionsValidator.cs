using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Membership;

/// <summary>Checks <see cref="ClusterMembershipOptions"/> and names the offending key.</summary>
internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    private const string Choices = $"'{ClusterMembershipOptions.MemoryProvider}', '{ClusterMembershipOptions.RedisProvider}' or '{ClusterMembershipOptions.PostgresProvider}'";

    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        const string ProviderKey = ClusterMembershipOptions.SectionName + ":Provider";
        const string ConnectionStringKey = ClusterMembershipOptions.SectionName + ":ConnectionString";
        var provider = Normalize(options.Provider);
        if (provider is null)
        {
            return ValidateOptionsResult.Fail($"{ProviderKey} is missing: set it to {Choices}.");
        }

        if (provider is not (ClusterMembershipOptions.MemoryProvider or ClusterMembershipOptions.RedisProvider or ClusterMembershipOptions.PostgresProvider))
        {
            return ValidateOptionsResult.Fail($"{ProviderKey} must be {Choices} (was '{options.Provider}').");
        }

        if (provider != ClusterMembershipOptions.MemoryProvider && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{ConnectionStringKey} is missing: the '{provider}' membership provider needs a connection string.");
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>The provider name trimmed and lower-cased, or null when empty.</summary>
    public static string? Normalize(string? provider) =>
        string.IsNullOrWhiteSpace(provider) ? null : provider.Trim().ToLowerInvariant();
}
