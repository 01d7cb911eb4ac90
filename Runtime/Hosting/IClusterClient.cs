using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>What code outside grains uses to call grains: a grain factory bound to a silo or a cluster connection.</summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>The services of the process the client lives in.</summary>
    IServiceProvider ServiceProvider { get; }
}
