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

    /// <inheritdoc />
    public override string ToString() => Address is { } address ? $"{Name} ({address})" : Name;
}
