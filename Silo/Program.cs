using OrleansBackend.Hosting;
using OrleansBackend.Hosting.Database;
using OrleansBackend.Hosting.Health;
using OrleansBackend.Hosting.Kubernetes;
using OrleansBackend.Hosting.Telemetry;
using OrleansBackend.Silo;

// A silo process of a cluster. Configuration (appsettings.json next to the binary, environment variables such as
// ConnectionStrings__orleans, or the command line such as --Orleans:Endpoints:SiloPort=11112) chooses clustering,
// storage, reminders, streams and ports: Orleans reads its own "Orleans" section. The management listener (Urls)
// serves /metrics, /health/live and /health/ready. "migrate" brings the databases up to date and exits. In Kubernetes
// (Kubernetes:Enabled, set by deploy/k8s) Orleans' Kubernetes hosting names the silo after its pod and watches the pods.
if (args is ["migrate", .. var rest])
{
    return await MigrateCommand.RunAsync(rest);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddBackendSilo(silo => silo.UseKubernetesHostingWhenEnabled(builder.Configuration));
builder.AddBackendTelemetry("orleansbackend-silo");
var app = builder.Build();
app.MapBackendMetrics();
app.MapSiloHealth();
await app.RunAsync();
return 0;
