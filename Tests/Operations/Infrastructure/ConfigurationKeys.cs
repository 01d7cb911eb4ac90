using System.Reflection;
using System.Text.RegularExpressions;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;
using OrleansBackend.Api.Operations;
using OrleansBackend.Api.RateLimiting;
using OrleansBackend.Grains.Identity;
using OrleansBackend.Grains.Money;
using OrleansBackend.Hosting.Kubernetes;
using OrleansBackend.Hosting.Resilience;
using OrleansBackend.Hosting.Security;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// The configuration keys the Silo and Api executables read: the parts of the <c>Orleans</c> section Orleans binds (its
/// options classes, by reflection) and the provider sections it hands to each provider, the project's own options
/// classes, connection strings, logging, and the few environment variables ASP.NET Core and the OpenTelemetry SDK read.
/// Deployment files may only set these.
/// </summary>
public static partial class ConfigurationKeys
{
    /// <summary>Keys of an <c>Orleans:Clustering</c>, <c>GrainStorage:&lt;name&gt;</c>, <c>Reminders</c> or <c>Streaming:&lt;name&gt;</c> section.</summary>
    private static readonly string[] ProviderKeys = ["ProviderType", "ServiceKey", "ConnectionName", "ConnectionString", "Invariant"];

    /// <summary>What the backend's durable stream providers read besides (Hosting/Streams).</summary>
    private static readonly string[] StreamKeys = ["Queues", "PollInterval", "MaxAttempts", "VisibilityTimeout", "ExpiryTimeout"];

    /// <summary>Environment variables read by ASP.NET Core and by the OpenTelemetry SDK (not configuration paths).</summary>
    private static readonly string[] Variables =
    [
        "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_FORWARDEDHEADERS_ENABLED", "DOTNET_ENVIRONMENT",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
        "OTEL_BSP_SCHEDULE_DELAY", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
    ];

    /// <summary>The environment variables Orleans' Kubernetes hosting reads (when <c>Kubernetes:Enabled</c>).</summary>
    private static readonly string[] KubernetesVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable, KubernetesHostingOptions.PodNamespaceEnvironmentVariable, KubernetesHostingOptions.PodIPEnvironmentVariable,
        KubernetesHostingOptions.ClusterIdEnvironmentVariable, KubernetesHostingOptions.ServiceIdEnvironmentVariable,
    ];

    /// <summary>True when the Silo executable reads <paramref name="key"/> (a <c>Section:Key</c> path or an environment variable name).</summary>
    public static bool SiloReads(string key) => Common(key) || SiloOnly(key);

    /// <summary>True when the Api executable reads <paramref name="key"/>: as a client, and as the host of the embedded silo.</summary>
    public static bool ApiReads(string key) =>
        Common(key)
        || SiloOnly(key)
        || Is(key, "Cluster:Mode")
        || Option(key, "Orleans:Gateway", typeof(GatewayOptions))
        || Option(key, "Orleans:Messaging", typeof(ClientMessagingOptions))
        || Option(key, OperationsOptions.SectionName, typeof(OperationsOptions))
        || Option(key, RateLimitOptions.SectionName, typeof(RateLimitOptions));

    /// <summary>Maps an environment variable name (<c>Section__Key</c>) to its configuration key.</summary>
    public static string FromEnvironment(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    private static bool Common(string key) =>
        Variables.Contains(key, StringComparer.Ordinal)
        || Is(key, "Urls") || Is(key, "AllowedHosts")
        || key.StartsWith("Logging:", StringComparison.OrdinalIgnoreCase)
        || ConnectionString().IsMatch(key)
        || Option(key, "Orleans", typeof(ClusterOptions))
        || Is(key, "Orleans:EnableDistributedTracing")
        || Provider(key, "Orleans:Clustering")
        || Option(key, ClusterTlsOptions.SectionName, typeof(ClusterTlsOptions));

    private static bool SiloOnly(string key) =>
        Is(key, "Orleans:Name")
        || Option(key, "Orleans:Endpoints", typeof(EndpointOptions))
        || Option(key, "Orleans:Messaging", typeof(SiloMessagingOptions))
        || Option(key, "Orleans:Membership", typeof(ClusterMembershipOptions))
        || Provider(key, "Orleans:Reminders")
        || NamedProvider(key, "Orleans:GrainStorage", [])
        || NamedProvider(key, "Orleans:Streaming", StreamKeys)
        || Option(key, IdentityOptions.SectionName, typeof(IdentityOptions))
        || Option(key, AccountOptions.SectionName, typeof(AccountOptions))
        || Option(key, TransferOptions.SectionName, typeof(TransferOptions))
        || Option(key, StorageResilienceOptions.SectionName, typeof(StorageResilienceOptions))
        || Is(key, KubernetesSiloHosting.EnabledKey)
        || Option(key, KubernetesSiloHosting.SectionName, typeof(KubernetesHostingOptions))
        || KubernetesVariables.Contains(key, StringComparer.Ordinal);

    private static bool Is(string key, string expected) => key.Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>section:Property[:Nested…]</c> where the options class has that settable property.</summary>
    private static bool Option(string key, string section, Type options) =>
        key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase) && Has(options, key[(section.Length + 1)..]);

    private static bool Provider(string key, string section) =>
        key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase) && ProviderKeys.Contains(key[(section.Length + 1)..], StringComparer.OrdinalIgnoreCase);

    private static bool NamedProvider(string key, string section, string[] extra)
    {
        if (!key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = key[(section.Length + 1)..].Split(':');
        return parts.Length == 2 && (ProviderKeys.Contains(parts[1], StringComparer.OrdinalIgnoreCase) || extra.Contains(parts[1], StringComparer.OrdinalIgnoreCase));
    }

    private static bool Has(Type options, string path)
    {
        var parts = path.Split(':', 2);
        var property = options.GetProperty(parts[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null)
        {
            return false;
        }

        if (parts.Length == 1)
        {
            return property.CanWrite;
        }

        var type = property.PropertyType;
        return !type.IsPrimitive && type != typeof(string) && Has(type, parts[1]);
    }

    [GeneratedRegex("^ConnectionStrings:[A-Za-z0-9_-]+$", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionString();
}
