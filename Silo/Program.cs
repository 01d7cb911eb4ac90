using OrleansBackend.Runtime.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.UseSilo(silo => silo.AddMemoryGrainStorage());
await builder.Build().RunAsync();
