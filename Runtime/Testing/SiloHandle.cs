using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
    }

    /// <summary>The silo's name.</summary>
    public string Name { get; }

    /// <summary>The silo's host.</summary>
    public IHost Host { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>The silo's cluster address (null for an unclustered silo).</summary>
    public SiloAddress? Address => Services.GetService<LocalSiloDetails>() is { HasAddress: true } local ? local.Address : null;

    /// <summary>The silo's management listener (<c>/metrics</c>, <c>/health/*</c>), or null when it runs none.</summary>
    public Uri? ManagementUri => Services.GetService<LocalSiloDetails>() is { ManagementPort: > 0 } local
        ? new Uri($"http://127.0.0.1:{local.ManagementPort}/")
        : null;

    /// <inheritdoc />
    public override string ToString() => Address is { } address ? $"{Name} ({address})" : Name;
}
