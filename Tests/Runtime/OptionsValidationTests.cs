using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Tests.Runtime;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Messaging:ResponseTimeout", "-00:00:01", "Messaging:ResponseTimeout")]
    [InlineData("GrainCollection:CollectionAge", "00:00:30", "GrainCollection:CollectionAge")]
    [InlineData("Silo:ClusterId", "bad id!", "Silo:ClusterId")]
    public async Task BadValueStopsTheSiloAndNamesTheKey(string key, string value, string expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)]);
        builder.UseSilo(silo => silo.AddMemoryGrainStorage());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}
