using OrleansBackend.Api.Hosting;

// Content root next to the binary, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddBackendApi();
var app = builder.Build();
app.UseBackendApi();
app.Run();

/// <summary>The Api's entry point (public for WebApplicationFactory).</summary>
public partial class Program
{
}
