using System.Reflection;
using OrleansBackend.Api.Operations;
using OrleansBackend.Api.RateLimiting;
using OrleansBackend.Grains.Identity;
using OrleansBackend.Grains.Money;
using OrleansBackend.Runtime.Diagnostics.Tracing;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Membership.Postgres;
using OrleansBackend.Runtime.Membership.Redis;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Timers.Reminders;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// The configuration keys the Silo and Api executables read, from their options classes (by reflection over the
/// bound sections) plus the few keys read directly. Deployment files may only set these.
/// </summary>
public static class ConfigurationKeys
{
    private static readonly (string Section, Type Options)[] SiloSections =
    [
        (SiloOptions.SectionName, typeof(SiloOptions)),
        (EndpointOptions.SectionName, typeof(EndpointOptions)),
        (ClusterOptions.SectionName, typeof(ClusterOptions)),
        (MembershipTableOptions.SectionName, typeof(MembershipTableOptions)),
        (MembershipTableOptions.SectionName, typeof(RedisMembershipOptions)),
        (MembershipTableOptions.SectionName, typeof(PostgresMembershipOptions)),
        (ClusterMembershipOptions.SectionName, typeof(ClusterMembershipOptions)),
        (MessagingOptions.SectionName, typeof(MessagingOptions)),
        (GrainCollectionOptions.SectionName, typeof(GrainCollectionOptions)),
        (StorageSelectionOptions.SectionName, typeof(StorageSelectionOptions)),
        (ReminderOptions.SectionName, typeof(ReminderOptions)),
        (TracingOptions.SectionName, typeof(TracingOptions)),
        (IdentityOptions.SectionName, typeof(IdentityOptions)),
        (AccountOptions.SectionName, typeof(AccountOptions)),
        (TransferOptions.SectionName, typeof(TransferOptions)),
    ];

    private static readonly (string Section, Type Options)[] ApiSections =
    [
        .. SiloSections,
        (OperationsOptions.SectionName, typeof(OperationsOptions)),
        (RateLimitOptions.SectionName, typeof(RateLimitOptions)),
    ];

    /// <summary>Keys read without an options class (prefixes end with ':').</summary>
    private static readonly string[] Direct = ["Logging:", "Cluster:Mode", "GrainStorage:", "Reminders:Storage:"];

    /// <summary>True when the Silo executable reads <paramref name="key"/> (a <c>Section:Key</c> path).</summary>
    public static bool SiloReads(string key) => Reads(SiloSections, key, api: false);

    /// <summary>True when the Api executable reads <paramref name="key"/>.</summary>
    public static bool ApiReads(string key) => Reads(ApiSections, key, api: true);

    /// <summary>Maps an environment variable name (<c>Section__Key</c>) to its configuration key.</summary>
    public static string FromEnvironment(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    private static bool Reads((string Section, Type Options)[] sections, string key, bool api)
    {
        if (Direct.Any(d => d.EndsWith(':') ? key.StartsWith(d, StringComparison.OrdinalIgnoreCase) : key.Equals(d, StringComparison.OrdinalIgnoreCase)))
        {
            return api || !key.Equals("Cluster:Mode", StringComparison.OrdinalIgnoreCase);
        }

        return sections.Any(s => key.StartsWith(s.Section + ":", StringComparison.OrdinalIgnoreCase) && Has(s.Options, key[(s.Section.Length + 1)..]));
    }

    private static bool Has(Type options, string path)
    {
        var parts = path.Split(':', 2);
        var property = options.GetProperty(parts[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || !property.CanWrite && parts.Length == 1)
        {
            return false;
        }

        if (parts.Length == 1)
        {
            return true;
        }

        var type = property.PropertyType;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return true;
        }

        return !type.IsPrimitive && type != typeof(string) && Has(type, parts[1]);
    }
}
