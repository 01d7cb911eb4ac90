using Microsoft.Extensions.Hosting;

namespace OrleansBackend.Runtime.Diagnostics;

/// <summary>Creates a class of observable instruments when the host starts (nothing else depends on it).</summary>
internal sealed class InstrumentsActivation<TInstruments>(TInstruments instruments) : IHostedService
    where TInstruments : class
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(instruments);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
