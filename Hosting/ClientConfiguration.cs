using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace OrleansBackend.Hosting;

/// <summary>
/// The configuration a cluster client binds: the host's own, read live, less the <c>Orleans</c> sections that only a
/// silo can use (<c>GrainStorage</c>, <c>Reminders</c>, <c>Streaming</c>). Orleans' client looks up a client-side
/// provider for every section it finds and fails on the silo-only ones, so the Api's appsettings.json — which
/// configures the embedded silo — could not start a client without this.
/// </summary>
internal static class ClientConfiguration
{
    private static readonly string[] SiloOnlySections = ["Orleans:GrainStorage", "Orleans:Reminders", "Orleans:Streaming"];

    /// <summary>A view of <paramref name="configuration"/> without the silo-only sections.</summary>
    public static IConfiguration For(IConfiguration configuration) =>
        new ConfigurationBuilder().Add(new Source(configuration)).Build();

    private static bool Hidden(string key) =>
        SiloOnlySections.Any(s => key.Equals(s, StringComparison.OrdinalIgnoreCase) || key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase));

    private sealed class Source(IConfiguration inner) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(inner);
    }

    private sealed class Provider(IConfiguration inner) : IConfigurationProvider
    {
        public bool TryGet(string key, out string? value)
        {
            value = Hidden(key) ? null : inner[key];
            return value is not null;
        }

        public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            var children = parentPath is null ? inner.GetChildren() : inner.GetSection(parentPath).GetChildren();
            return earlierKeys
                .Concat(children.Where(c => !Hidden(c.Path)).Select(c => c.Key))
                .OrderBy(k => k, ConfigurationKeyComparer.Instance);
        }

        public IChangeToken GetReloadToken() => inner.GetReloadToken();

        public void Load()
        {
        }

        public void Set(string key, string? value)
        {
        }
    }
}
