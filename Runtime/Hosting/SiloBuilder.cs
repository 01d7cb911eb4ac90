using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>The default <see cref="ISiloBuilder"/>.</summary>
internal sealed class SiloBuilder : ISiloBuilder
{
    public SiloBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    public IServiceCollection Services { get; }

    public IConfiguration Configuration { get; }
}
