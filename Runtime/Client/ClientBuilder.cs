using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansBackend.Runtime.Client;

/// <summary>The default <see cref="IClientBuilder"/>.</summary>
internal sealed class ClientBuilder : IClientBuilder
{
    public ClientBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    public IServiceCollection Services { get; }

    public IConfiguration Configuration { get; }
}
