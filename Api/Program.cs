using OrleansBackend.Runtime.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.UseSilo(silo => silo.AddMemoryGrainStorage());
var app = builder.Build();
app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
app.Run();

/// <summary>The Api's entry point (public for WebApplicationFactory).</summary>
public partial class Program
{
}
