using Microsoft.Extensions.Options;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Runtime.Diagnostics.Logging;
using OrleansBackend.Runtime.Diagnostics.Tracing;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;

// A silo process of a cluster. Configuration (appsettings.json next to the binary, environment variables such as
// Cluster__Secret, or the command line such as --Endpoints:SiloPort=11112) chooses the membership table, storage,
// ports and cluster secret; a bad or missing value stops the silo at start-up with a message naming the key.
try
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.UseSilo(silo => silo
        .UseConfiguredClustering()
        .UseConfiguredStorage()
        .AddBackendGrains());
    builder.Services.AddOtlpTracing(builder.Configuration, "orleansbackend-silo");
    builder.Logging.AddStructuredConsole(builder.Configuration);
    await builder.Build().RunAsync();
    return 0;
}
catch (OptionsValidationException exception)
{
    Console.Error.WriteLine($"The silo could not start: {string.Join(" ", exception.Failures)}");
    return 2;
}
catch (InvalidOperationException exception)
{
    Console.Error.WriteLine($"The silo could not start: {exception.Message}");
    return 1;
}
