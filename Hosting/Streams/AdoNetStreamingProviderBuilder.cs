using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using OrleansBackend.Hosting.Database;
using OrleansBackend.Hosting.Streams;

[assembly: RegisterProvider("AdoNet", "Streaming", "Silo", typeof(AdoNetStreamingProviderBuilder))]

namespace OrleansBackend.Hosting.Streams;

/// <summary>
/// Lets <c>Orleans:Streaming:&lt;name&gt;:ProviderType = AdoNet</c> select Microsoft.Orleans.Streaming.AdoNet (an alpha
/// that registers no configuration name of its own): <c>Invariant</c>, <c>ConnectionString</c>, <c>MaxAttempts</c>,
/// <c>VisibilityTimeout</c>, <c>ExpiryTimeout</c> bind to its options.
/// </summary>
internal sealed class AdoNetStreamingProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection)
    {
        builder.AddAdoNetStreams(name!, (SiloAdoNetStreamConfigurator stream) =>
        {
            stream.ConfigureAdoNet(ob => ob
                .Bind(configurationSection)
                .Configure<IConfiguration>((options, configuration) =>
                    options.ConnectionString = ConfiguredDatabases.ConnectionStringOf(configuration, configurationSection)));
            StreamProviderConfiguration.Apply(stream, configurationSection);
        });
    }
}
