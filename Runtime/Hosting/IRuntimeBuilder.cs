using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>
/// What configures the runtime inside a host: a silo (<see cref="ISiloBuilder"/>) or a cluster client. Providers
/// that both need (membership tables) extend this.
/// </summary>
public interface IRuntimeBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>The host's configuration.</summary>
    IConfiguration Configuration { get; }
}
