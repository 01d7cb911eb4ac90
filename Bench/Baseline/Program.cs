using OrleansBackend.Baseline;

// Content root next to the binary, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJsonContext.Default));
var mode = builder.Configuration["Baseline:Mode"] ?? "full";
if (mode.Equals("ceiling", StringComparison.OrdinalIgnoreCase))
{
    var ceiling = builder.Build();
    ceiling.MapCeiling();
    ceiling.Run();
    return;
}

if (!mode.Equals("full", StringComparison.OrdinalIgnoreCase))
{
    throw new InvalidOperationException($"Baseline:Mode must be 'full' or 'ceiling' (was '{mode}').");
}

builder.AddBaselineServices();
var app = builder.Build();
await app.Services.GetRequiredService<OrleansBackend.Baseline.Data.BaselineSchema>().EnsureAsync(CancellationToken.None);
app.MapBaseline();
app.Run();
