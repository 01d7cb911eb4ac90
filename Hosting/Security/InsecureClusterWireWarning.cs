using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansBackend.Hosting.Security;

/// <summary>
/// Says at every start, as a warning, that a cluster-mode node runs with <c>Orleans:Tls:Enabled=false</c>: an operator
/// reading the logs must not mistake an open cluster for an authenticated one.
/// </summary>
internal sealed partial class InsecureClusterWireWarning(ILogger<InsecureClusterWireWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogInsecure(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "TLS: Orleans:Tls:Enabled=false, so the cluster wire is unauthenticated and in the clear: anything that reaches a silo or gateway port can join the cluster and call grains")]
    private static partial void LogInsecure(ILogger logger);
}
